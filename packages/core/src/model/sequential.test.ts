import { describe, expect, it } from 'vitest';
import { denseF64, expectGradClose, f64, numericGrad, randomValues } from '../../test/support/gradcheck';
import { scaledTanh } from '../../test/support/scaled-tanh';
import { tanh } from '../activations';
import { createDefaultRegistry } from '../defaults';
import { ShapeError, ValidationError } from '../errors';
import { activation, dense, residual } from '../builtin-layers';
import { sgd } from '../optimizers';
import { Tensor } from '../tensor';
import { sequential } from './sequential';

const registry = createDefaultRegistry().registerActivation(scaledTanh);

/** [3] → dense 4 → tanh → residual(dense 5, scaled-tanh per channel; projection 4→5) → dense 2. */
function smallModel(seed = 5) {
  return sequential({
    inputShape: [3],
    seed,
    registry,
    layers: [dense(4), activation(tanh), residual([dense(5), activation('scaled-tanh', { numParameters: 5 })]), dense(2)],
  });
}

/** Softmax cross-entropy, mean over rows, in float64. */
function softmaxCe64(z: Float64Array, t: ArrayLike<number>, rows: number, cols: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) m = Math.max(m, z[r * cols + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(z[r * cols + j] - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < cols; j++) total -= t[r * cols + j] * (z[r * cols + j] - lse);
  }
  return total / rows;
}

describe('sequential', () => {
  it('names parameters by path', () => {
    const model = smallModel();
    expect(model.paramRefs().map((r) => r.id)).toEqual([
      'layers.0.kernel',
      'layers.0.bias',
      'layers.2.projection.kernel',
      'layers.2.body.0.kernel',
      'layers.2.body.0.bias',
      'layers.2.body.1.scale',
      'layers.3.kernel',
      'layers.3.bias',
    ]);
    expect(model.outputShape).toEqual([2]);
  });

  it('computes the loss with L2 and every parameter gradient of a full model, checked in float64', () => {
    const model = smallModel();
    const p = Object.fromEntries(model.paramRefs().map((r) => [r.id, r.param]));
    // Non-trivial biases and per-channel scales so every path matters.
    for (const id of ['layers.0.bias', 'layers.2.body.0.bias', 'layers.3.bias'])
      p[id].value.set(randomValues(p[id].value.length, id.length, 0.3));
    p['layers.2.body.1.scale'].value.set([0.5, -0.8, 1.1, 0.9, -0.3]);
    const l2 = 0.01;
    model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0 }), l2 });
    const rows = 6;
    const x = new Tensor(randomValues(rows * 3, 40), [rows, 3]);
    const t = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) t[r * 2 + (r % 2)] = 1;
    const y = new Tensor(t, [rows, 2]);

    const w = Object.fromEntries(Object.entries(p).map(([id, param]) => [id, f64(param.value)]));
    const x64 = f64(x.data);
    const loss64 = () => {
      const h1 = denseF64(x64, w['layers.0.kernel'], w['layers.0.bias'], rows, 3, 4).map(Math.tanh);
      const body = denseF64(h1, w['layers.2.body.0.kernel'], w['layers.2.body.0.bias'], rows, 4, 5).map(
        (v, i) => w['layers.2.body.1.scale'][i % 5] * Math.tanh(v),
      );
      const skip = denseF64(h1, w['layers.2.projection.kernel'], null, rows, 4, 5);
      const h2 = body.map((v, i) => v + skip[i]);
      const z = denseF64(h2, w['layers.3.kernel'], w['layers.3.bias'], rows, 5, 2);
      let penalty = 0;
      for (const [id, param] of Object.entries(p)) if (param.decay) for (const v of w[id]) penalty += v * v;
      return softmaxCe64(z, t, rows, 2) + l2 * penalty;
    };

    const loss = model.trainBatch(x, y);
    expect(loss).toBeCloseTo(loss64(), 5);
    for (const id of Object.keys(p)) expectGradClose(id, p[id].grad, numericGrad(w[id], loss64));
    expect(['layers.0.bias', 'layers.2.body.1.scale'].map((id) => p[id].decay)).toEqual([false, false]);
  });

  it('gives bit-identical weights for the same seed and different ones for another seed', () => {
    const weights = (seed: number) =>
      smallModel(seed)
        .paramRefs()
        .map((r) => Array.from(r.param.value));
    expect(weights(7)).toEqual(weights(7));
    expect(weights(8)).not.toEqual(weights(7));
  });

  it('predicts before compile, returning a copy', () => {
    const model = smallModel();
    const x = new Tensor(randomValues(6, 1), [2, 3]);
    const a = model.predict(x);
    const b = model.predict(x);
    expect(a.shape).toEqual([2, 2]);
    expect(a).not.toBe(b);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(() => model.predict(new Tensor(new Float32Array(4), [2, 2]))).toThrow(/predict: x has shape \[2, 2\].*\[batch, 3\]/);
  });

  it('predicts and evaluates more than 1024 rows in chunks with the same results as row by row', () => {
    const model = sequential({ inputShape: [2], seed: 2, layers: [dense(3), activation(tanh), dense(2)] });
    model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.1 }) });
    const rows = 2500;
    const x = new Tensor(randomValues(rows * 2, 60, 3), [rows, 2]);
    const t = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) t[r * 2 + (x.data[r * 2] > 0 ? 1 : 0)] = 1;
    const all = model.predict(x);
    expect(all.shape).toEqual([rows, 2]);
    let right = 0;
    const single = new Float64Array(rows * 2);
    for (const r of [0, 1023, 1024, 2047, 2048, 2499]) {
      const one = model.predict(new Tensor(x.data.slice(r * 2, r * 2 + 2), [1, 2])).data;
      expect(all.data[r * 2]).toBeCloseTo(one[0], 5);
      expect(all.data[r * 2 + 1]).toBeCloseTo(one[1], 5);
    }
    for (let r = 0; r < rows; r++) {
      single[r * 2] = all.data[r * 2];
      single[r * 2 + 1] = all.data[r * 2 + 1];
      if (all.data[r * 2 + 1] > all.data[r * 2] === t[r * 2 + 1] > 0) right++;
    }
    const result = model.evaluate(x, new Tensor(t, [rows, 2]));
    expect(result.accuracy).toBe(right / rows);
    expect(result.loss).toBeCloseTo(softmaxCe64(single, t, rows, 2), 5);
  });

  it('evaluates loss and accuracy (argmax for several outputs, logit > 0 for bce, none for mse)', () => {
    const model = sequential({ inputShape: [2], layers: [dense(2)] });
    const [kernel, bias] = model.paramRefs().map((r) => r.param);
    kernel.value.set([1, 0, 0, 1]); // identity: logits = x
    bias.value.fill(0);
    model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.1 }) });
    const x = new Tensor(Float32Array.from([2, 0, 0, 2, 2, 0, 0, 2]), [4, 2]);
    const y = new Tensor(Float32Array.from([1, 0, 0, 1, 0, 1, 0, 1]), [4, 2]);
    const r = model.evaluate(x, y);
    expect(r.accuracy).toBe(0.75);
    const lse = Math.log(Math.exp(2) + 1);
    expect(r.loss).toBeCloseTo((3 * (lse - 2) + lse) / 4, 6);

    const bin = sequential({ inputShape: [1], layers: [dense(1)] });
    bin.paramRefs()[0].param.value[0] = 1;
    bin.paramRefs()[1].param.value[0] = 0;
    bin.compile({ loss: 'bce-with-logits', optimizer: sgd({ learningRate: 0.1 }) });
    const xb = new Tensor(Float32Array.from([-1, 2, 3, -4, 0.5]), [5, 1]);
    const yb = new Tensor(Float32Array.from([0, 1, 0, 0, 0]), [5, 1]);
    expect(bin.evaluate(xb, yb).accuracy).toBe(0.6);
    bin.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }) });
    expect(bin.evaluate(xb, yb)).toEqual({ loss: expect.closeTo((1 + 1 + 9 + 16 + 0.25) / 5, 6) });
  });

  it('prefixes build errors with the layer path and validates options', () => {
    expect(() =>
      sequential({
        inputShape: [2],
        layers: [dense(3), activation(tanh), dense(2), residual([dense(4)], { projection: false })],
      }),
    ).toThrow(/layers\.3 \(residual\): residual: the body maps \[2\] to \[4\]/);
    expect(() => sequential({ inputShape: [2], layers: [activation('relu')] })).toThrow(
      /layers\.0 \(activation\): unknown activation "relu"/,
    );
    expect(() => sequential({ inputShape: [0], layers: [dense(1)] })).toThrow(/inputShape/);
    expect(() => sequential({ inputShape: [2], layers: [] })).toThrow(/layers/);
    expect(() => sequential({ inputShape: [2], layers: [dense(1)], seed: -1 })).toThrow(/seed/);
    const shared = dense(1);
    sequential({ inputShape: [2], layers: [shared] });
    expect(() => sequential({ inputShape: [2], layers: [shared] })).toThrow(/already built/);
  });

  it('requires compile before training and validates compile options', async () => {
    const model = smallModel();
    const x = new Tensor(new Float32Array(3), [1, 3]);
    const y = new Tensor(new Float32Array(2), [1, 2]);
    expect(() => model.trainBatch(x, y)).toThrow(/not compiled/);
    await expect(model.fit(x, y, { epochs: 1 })).rejects.toThrow(/not compiled/);
    expect(() => model.compile({ loss: 'hinge' as never, optimizer: sgd({ learningRate: 1 }) })).toThrow(/unknown loss "hinge"/);
    expect(() => model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 1 }), l2: -1 })).toThrow(ValidationError);
    model.compile({ loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } });
    expect(model.training?.optimizer.type).toBe('adam');
    expect(model.backendReport).toMatchObject({ backend: 'cpu', mode: 'cpu', fallbacks: [] });
    expect(() => model.trainBatch(x, new Tensor(new Float32Array(3), [1, 3]))).toThrow(ShapeError);
  });
});
