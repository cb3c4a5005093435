import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { sgd } from '../optimizers';
import { Rng } from '../random';
import { createDefaultRegistry } from '../defaults';
import { sequential } from '../model';
import { Tensor } from '../tensor';
import { dense } from './dense';
import { dropout, dropoutLayerPlugin } from './dropout';

const ctx = () => ({ rng: new Rng(3), registry: createDefaultRegistry() });

function input(rows: number, cols: number): Tensor {
  const rng = new Rng(11);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.range(-3, 3);
  return new Tensor(x, [rows, cols]);
}

/** The training-mode output of a fresh layer (same generator, hence the same mask) at `x`. */
function trainingOutput(rate: number, x: Tensor): Float32Array {
  const layer = dropout(rate);
  layer.build([x.shape[1]], ctx());
  return Float32Array.from(layer.forward(x, true).data);
}

describe('dropout', () => {
  it('zeroes about `rate` of the elements in training and scales the others by exactly fround(1 / (1 − rate))', () => {
    const x = input(200, 50);
    for (const rate of [0.1, 0.5, 0.8]) {
      const y = trainingOutput(rate, x);
      const scale = Math.fround(1 / (1 - rate));
      let dropped = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] === 0) dropped++;
        else expect(y[i]).toBe(Math.fround(x.data[i] * scale));
      }
      // 10,000 Bernoulli draws: the fraction is within 4 standard deviations of `rate`.
      expect(Math.abs(dropped / y.length - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / y.length));
    }
  });

  it('is the identity in inference and with rate 0', () => {
    const x = input(7, 5);
    const layer = dropout(0.5);
    layer.build([5], ctx());
    expect(Array.from(layer.forward(x, false).data)).toEqual(Array.from(x.data));
    expect(Array.from(trainingOutput(0, x))).toEqual(Array.from(x.data));
  });

  it('input gradient of the training-mode mask matches float64 central differences of the forward pass', () => {
    const x = input(6, 8);
    const c = input(6, 8).data.map((v) => v * 0.7 + 0.1);
    const layer = dropout(0.3);
    layer.build([8], ctx());
    layer.forward(x, true);
    const dx = layer.backward(new Tensor(Float32Array.from(c), [6, 8])).data;
    const loss = (at: Tensor) => trainingOutput(0.3, at).reduce((s, v, i) => s + v * c[i], 0);
    const h = 1e-2;
    for (let i = 0; i < x.data.length; i++) {
      const plus = new Tensor(Float32Array.from(x.data), x.shape);
      const minus = new Tensor(Float32Array.from(x.data), x.shape);
      plus.data[i] += h;
      minus.data[i] -= h;
      const numeric = (loss(plus) - loss(minus)) / (plus.data[i] - minus.data[i]);
      expect(Math.abs(dx[i] - numeric), `element ${i}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(numeric)));
    }
  });

  it('trains bit-reproducibly from the model seed, and the masks change between steps', async () => {
    const run = async () => {
      const model = sequential({ inputShape: [4], seed: 5, layers: [dense(16), dropout(0.5), dense(1)] });
      model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05 }) });
      const x = input(32, 4);
      const losses: number[] = [];
      for (let s = 0; s < 4; s++) losses.push(model.trainBatch(x, new Tensor(new Float32Array(32).fill(1), [32, 1])));
      return { losses, w: Array.from(model.paramRefs()[0].param.value) };
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    expect(new Set(a.losses).size).toBe(4);
  });

  it('validates rate and round-trips its config through the registry', () => {
    expect(() => dropout(1)).toThrow(ValidationError);
    expect(() => dropout(-0.1)).toThrow(/\[0, 1\)/);
    const layer = dropoutLayerPlugin.fromConfig({ type: 'dropout', rate: 0.25 }, createDefaultRegistry());
    expect(layer.config()).toEqual({ type: 'dropout', rate: 0.25 });
    expect(() => dropoutLayerPlugin.fromConfig({ type: 'dropout', rate: '0.5' }, createDefaultRegistry())).toThrow(/"rate"/);
  });
});
