import { describe, expect, it } from 'vitest';
import { ShapeError, ValidationError } from '../errors';
import { activation, dense } from '../builtin-layers';
import { tanh } from '../activations';
import { sequential } from '../model';
import { adam } from '../optimizers';
import { Tensor } from '../tensor';
import { oneHot } from '../utils/one-hot';

const rows = 24;
const x = new Tensor(
  Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(i * 1.7) * 2),
  [rows, 3],
);
const labels = Array.from({ length: rows }, (_, i) => (i * 7) % 4);

function model() {
  return sequential({ inputShape: [3], seed: 11, layers: [dense(8), activation(tanh), dense(4)] }).compile({
    loss: 'softmax-cross-entropy',
    optimizer: adam({ learningRate: 0.05 }),
    metrics: ['accuracy', 'f1'],
  });
}

function weights(m: ReturnType<typeof model>): Float32Array[] {
  return m.paramRefs().map((r) => r.param.value.slice());
}

describe('class-index targets for softmax cross-entropy', () => {
  it('train bit for bit like one-hot targets (number[] and Int32Array), with equal histories and evaluation', async () => {
    const byOneHot = model();
    const byArray = model();
    const byInt32 = model();
    const options = { epochs: 3, batchSize: 5 };
    const h1 = await byOneHot.fit(x, oneHot(labels, 4), options);
    const h2 = await byArray.fit(x, labels, options);
    const h3 = await byInt32.fit(x, Int32Array.from(labels), options);
    expect(h2).toEqual(h1);
    expect(h3).toEqual(h1);
    expect(weights(byArray)).toEqual(weights(byOneHot));
    expect(weights(byInt32)).toEqual(weights(byOneHot));
    expect(byArray.evaluate(x, labels)).toEqual(byOneHot.evaluate(x, oneHot(labels, 4)));
    expect(byArray.trainBatch(x, labels)).toBe(byOneHot.trainBatch(x, oneHot(labels, 4)));
    expect(weights(byArray)).toEqual(weights(byOneHot));
  });

  it('reject an out-of-range, negative or fractional label with a typed error naming it', () => {
    const m = model();
    for (const bad of [4, -1, 1.5, Number.NaN]) {
      const y = [...labels];
      y[5] = bad;
      let error: unknown;
      try {
        m.evaluate(x, y);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('LABEL_OUT_OF_RANGE');
      expect((error as Error).message).toContain(`label 5 is ${bad}`);
      expect((error as Error).message).toContain('[0, 3]');
    }
  });

  it('reject labels for another loss or a one-output model, and a label count unlike the rows', async () => {
    const mse = sequential({ inputShape: [3], layers: [dense(4)] }).compile({ loss: 'mse', optimizer: adam() });
    expect(() => mse.evaluate(x, labels)).toThrow(/need loss 'softmax-cross-entropy'/);
    const single = sequential({ inputShape: [3], layers: [dense(1)] }).compile({
      loss: 'softmax-cross-entropy',
      optimizer: adam(),
    });
    expect(() => single.evaluate(x, labels)).toThrow(ShapeError);
    await expect(model().fit(x, labels.slice(1), { epochs: 1 })).rejects.toThrow(/x has 24 rows/);
    expect(() => model().evaluate(x, 'abc' as never)).toThrow(ValidationError);
  });
});
