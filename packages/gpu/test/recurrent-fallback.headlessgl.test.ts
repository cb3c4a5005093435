import { cpuBackend, dense, sequential, sgd } from '@rectify/core';
import { addingProblem, simpleRNN } from '@rectify/recurrent';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpuBackend } from '../src/index';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

describe('a layer without a gpu executor (simple-rnn) on headless-gl', () => {
  it('runs on the host, is reported, and trains with norm clipping like the CPU backend', () => {
    const { x, y } = addingProblem({ samples: 16, length: 10, seed: 1 });
    const make = () => sequential({ inputShape: [10, 2], seed: 2, layers: [simpleRNN(8), dense(1)] });
    const onCpu = make();
    const onGpu = make();
    const options = { loss: 'mse' as const, clipGrad: { maxNorm: 0.5 } };
    onCpu.compile({ ...options, optimizer: sgd({ learningRate: 0.1 }), backend: cpuBackend() });
    onGpu.compile({ ...options, optimizer: sgd({ learningRate: 0.1 }), backend: gpuBackend({ mode: 'headlessgl' }) });
    for (let i = 0; i < 20; i++) {
      onCpu.trainBatch(x, y);
      onGpu.trainBatch(x, y);
    }
    expect(onGpu.backendReport?.fallbacks.map((f) => [f.layer, f.ranOn])).toEqual([['layers.0', 'cpu']]);
    expect(onCpu.gradNorm()).toBeGreaterThan(0.5); // the clipping acts on the last step too
    expect(Math.abs(onGpu.gradNorm() - onCpu.gradNorm())).toBeLessThanOrEqual(1e-4 * onCpu.gradNorm());
    const a = onCpu.getWeights();
    const b = onGpu.getWeights();
    for (const k of Object.keys(a)) {
      for (let i = 0; i < a[k].data.length; i++) {
        expect(Math.abs(b[k].data[i] - a[k].data[i]), `${k}[${i}]`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(a[k].data[i])));
      }
    }
  });
});
