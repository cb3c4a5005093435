import { activation, adam, dense, earlyStopping, sequential, tensor } from '@rectify/core';
import { relu } from '@rectify/relu';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuBackend } from '../src/index';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

const x = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
  [0.5, -0.5],
  [-1, 2],
]);
const y = tensor([[0], [1], [1], [0], [0.5], [1]]);

function model() {
  return sequential({ inputShape: [2], seed: 6, layers: [dense(8), activation(relu), dense(1)] }).compile({
    loss: 'mse',
    optimizer: adam({ learningRate: 0.05 }),
    backend: gpuBackend({ mode: 'headlessgl' }),
  });
}

describe('weights on a device session (headless-gl)', () => {
  it('setWeights reaches the device: predictions follow the new weights, and training goes on from them', async () => {
    const a = model();
    const b = model();
    await a.fit(x, y, { epochs: 5, batchSize: 3 });
    b.setWeights(a.getWeights());
    expect(b.predict(x).data).toEqual(a.predict(x).data);
    const cpu = sequential({ inputShape: [2], seed: 1, layers: [dense(8), activation(relu), dense(1)] });
    cpu.setWeights(a.getWeights());
    const gpuOut = a.predict(x).data;
    const cpuOut = cpu.predict(x).data;
    for (let i = 0; i < gpuOut.length; i++) expect(Math.abs(gpuOut[i] - cpuOut[i])).toBeLessThan(1e-5);
    await b.fit(x, y, { epochs: 1, batchSize: 6, shuffle: false });
    expect(b.getWeights()).not.toEqual(a.getWeights());
  }, 180_000);

  it('earlyStopping({ restoreBestWeights }) leaves the device on the best epoch weights', async () => {
    const m = model();
    const es = earlyStopping({ patience: 2, restoreBestWeights: true });
    const seen: Record<string, unknown>[] = [];
    const values = [0.3, 0.1, 0.2, 0.4];
    const h = await m.fit(x, y, {
      epochs: 10,
      batchSize: 3,
      callbacks: [
        { onEpochEnd: (_l, ctx) => void seen.push(ctx.model.getWeights()) },
        {
          onTrainBegin: (ctx) => es.onTrainBegin?.(ctx),
          onEpochEnd: (l, ctx) => es.onEpochEnd?.({ ...l, valLoss: values[l.epoch] }, ctx),
          onTrainEnd: (hist, ctx) => es.onTrainEnd?.(hist, ctx),
        },
      ],
    });
    expect(h.stopReason).toBe('stopped');
    expect(m.getWeights()).toEqual(seen[1]);
    const cpu = sequential({ inputShape: [2], layers: [dense(8), activation(relu), dense(1)] });
    cpu.setWeights(seen[1] as never);
    const out = m.predict(x).data;
    const want = cpu.predict(x).data;
    for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - want[i])).toBeLessThan(1e-5);
  }, 180_000);
});
