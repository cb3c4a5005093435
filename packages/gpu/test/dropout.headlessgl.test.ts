import { cpuBackend, dense, dropout, sequential, sgd, Tensor } from '@rectify/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuBackend } from '../src/index';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

function data(rows: number, cols: number, seed: number): Tensor {
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 1.37 + seed) * 2;
  return new Tensor(x, [rows, cols]);
}

describe('dropout on headless-gl', () => {
  it('draws the same masks as the CPU backend from the model seed: training runs agree to float32 tolerance', () => {
    const x = data(24, 5, 1);
    const y = data(24, 2, 2);
    const weights = (backend: ReturnType<typeof cpuBackend>) => {
      const model = sequential({ inputShape: [5], seed: 9, layers: [dense(12), dropout(0.4), dense(2)] });
      model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05 }), backend });
      for (let s = 0; s < 5; s++) model.trainBatch(x, y);
      model.sync();
      const out = model.paramRefs().flatMap((r) => Array.from(r.param.value));
      return out;
    };
    const gpu = gpuBackend({ mode: 'headlessgl' });
    const onGpu = weights(gpu);
    const onCpu = weights(cpuBackend());
    expect(onGpu.length).toBe(onCpu.length);
    for (let i = 0; i < onCpu.length; i++) expect(Math.abs(onGpu[i] - onCpu[i]), `weight ${i}`).toBeLessThan(1e-4);
    // Without dropout the runs would differ: the masks matter.
    const plain = sequential({ inputShape: [5], seed: 9, layers: [dense(12), dense(2)] });
    plain.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05 }) });
    for (let s = 0; s < 5; s++) plain.trainBatch(x, y);
    const w = plain.paramRefs().flatMap((r) => Array.from(r.param.value));
    expect(w.some((v, i) => Math.abs(v - onCpu[i]) > 1e-3)).toBe(true);
  }, 60_000);
});
