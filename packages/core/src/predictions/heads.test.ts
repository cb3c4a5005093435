import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { dense } from '../builtin-layers';
import { sequential } from '../model';
import { sgd } from '../optimizers';
import { Tensor } from '../tensor';

/** A model whose outputs equal its inputs, so the logits are exactly `x`. */
function identity(cols: number, loss?: 'softmax-cross-entropy' | 'bce-with-logits' | 'mse') {
  const model = sequential({ inputShape: [cols], layers: [dense(cols)] });
  const [kernel, bias] = model.paramRefs().map((r) => r.param);
  kernel.value.fill(0);
  for (let j = 0; j < cols; j++) kernel.value[j * cols + j] = 1;
  bias.value.fill(0);
  if (loss) model.compile({ loss, optimizer: sgd({ learningRate: 0.1 }) });
  return model;
}

describe('predictProbabilities and predictClasses', () => {
  it('softmax rows match the float64 closed form and sum to 1, also for huge logits', () => {
    const z = [1, 2, 3, -1000, 0, 1000, 5, 5, 5];
    const model = identity(3, 'softmax-cross-entropy');
    const p = model.predictProbabilities(new Tensor(Float32Array.from(z), [3, 3]));
    for (let r = 0; r < 3; r++) {
      const row = z.slice(r * 3, r * 3 + 3);
      const m = Math.max(...row);
      const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
      for (let j = 0; j < 3; j++) expect(p.data[r * 3 + j]).toBe(Math.fround(Math.exp(row[j] - m) / s));
    }
    expect([...p.data.subarray(3, 6)]).toEqual([0, 0, 1]);
    expect([...model.predictClasses(new Tensor(Float32Array.from(z), [3, 3]))]).toEqual([2, 2, 0]); // ties: first max
  });

  it('sigmoid of a bce-with-logits output matches 1 / (1 + e^-z) and classes are z > 0', () => {
    const z = [-30, -0.5, 0, 0.25, 40];
    const model = identity(1, 'bce-with-logits');
    const x = new Tensor(Float32Array.from(z), [5, 1]);
    const p = model.predictProbabilities(x);
    for (const [i, v] of z.entries()) expect(p.data[i]).toBe(Math.fround(1 / (1 + Math.exp(-v))));
    expect([...model.predictClasses(x)]).toEqual([0, 0, 0, 1, 1]);
  });

  it('needs a head when the loss does not name one, and refuses classes from a multi-label sigmoid', () => {
    const x = new Tensor(Float32Array.from([0.5, -0.5]), [1, 2]);
    expect(() => identity(2).predictProbabilities(x)).toThrow(/pass \{ head/);
    expect(() => identity(2, 'mse').predictClasses(x)).toThrow(ValidationError);
    expect([...identity(2).predictClasses(x, { head: 'softmax' })]).toEqual([0]);
    expect(() => identity(2, 'bce-with-logits').predictClasses(x)).toThrow(/multi-label/);
    expect(() => identity(2).predictClasses(x, { head: 'relu' as never })).toThrow(/'softmax' or 'sigmoid'/);
  });
});
