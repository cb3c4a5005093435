import {
  activation,
  adam,
  createDefaultRegistry,
  createRng,
  dense,
  loadModel,
  sequential,
  serializeModel,
  tensor,
} from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { swish } from './index';

/** y = sin(2x) sampled on [-2, 2]: smooth, so a small Swish network fits it well. */
function data(n: number) {
  const rng = createRng(7);
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = rng.range(-2, 2);
    xs[i] = x;
    ys[i] = Math.sin(2 * Math.fround(x));
  }
  return [tensor(xs, [n, 1]), tensor(ys, [n, 1])] as const;
}

describe('swish inside a model (public API only)', () => {
  it('gives the model a per-channel beta that the optimizer trains, and the loss falls', async () => {
    const model = sequential({
      inputShape: [1],
      seed: 3,
      layers: [dense(16), activation(swish({ numParameters: 16 })), dense(1)],
    });
    const beta = model.paramRefs().find((r) => r.id === 'layers.1.beta');
    expect(beta?.param.value).toEqual(new Float32Array(16).fill(1));
    model.compile({ loss: 'mse', optimizer: adam({ learningRate: 0.02 }) });
    const [x, y] = data(256);
    const before = model.evaluate(x, y).loss;
    await model.fit(x, y, { epochs: 60, batchSize: 32 });
    const after = model.evaluate(x, y).loss;
    expect(after).toBeLessThan(before / 4);
    const moved = Array.from(beta!.param.value).filter((b) => Math.abs(b - 1) > 1e-4).length;
    expect(moved).toBeGreaterThan(8);
  });

  it('survives model JSON once registered: same learned betas, same predictions', async () => {
    const model = sequential({ inputShape: [1], seed: 4, layers: [dense(6), activation(swish({ numParameters: 6 })), dense(1)] });
    model.compile({ loss: 'mse', optimizer: adam({ learningRate: 0.02 }) });
    const [x, y] = data(64);
    await model.fit(x, y, { epochs: 5, batchSize: 16 });
    const restored = loadModel(serializeModel(model), { registry: createDefaultRegistry().registerActivation(swish) });
    const betas = (m: typeof model) => m.paramRefs().find((r) => r.id === 'layers.1.beta')!.param.value;
    expect(betas(restored)).toEqual(betas(model));
    expect(restored.predict(x).data).toEqual(model.predict(x).data);
  });
});
