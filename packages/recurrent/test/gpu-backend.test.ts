import { type Layer, type Sequential, createDefaultRegistry, defineActivation, dense, sequential, sgd } from '@rectify/core';
import { gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { simpleRNN } from '../src';
import { addingProblem, maxRelError, rnnModels, rnnRegistry } from './rnn-case';

const registry = rnnRegistry(createDefaultRegistry(), relu);
const STEPS = 5;
const { x, y } = addingProblem({ samples: 8, length: STEPS, seed: 3 });
const weights = (m: Sequential) => m.paramRefs().flatMap((r) => Array.from(r.param.value));

/** The same seeded model on the CPU backend and on headless-gl, trained side by side; host fallbacks collected. */
function trainBoth(layers: () => Layer[], clip?: number) {
  const make = (backend?: ReturnType<typeof gpuBackend>) =>
    sequential({ inputShape: [STEPS, 2], seed: 5, registry, layers: layers() }).compile({
      loss: 'mse',
      optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
      ...(clip ? { clipGrad: { maxNorm: clip } } : {}),
      ...(backend ? { backend } : {}),
    });
  const fallbacks: { layer: string; reason: string }[] = [];
  const onGpu = make(gpuBackend({ mode: 'headlessgl', onFallback: (f) => fallbacks.push(f) }));
  const onCpu = make();
  const start = weights(onCpu);
  for (let step = 0; step < 5; step++) {
    onGpu.trainBatch(x, y);
    onCpu.trainBatch(x, y);
  }
  onGpu.sync();
  return { onGpu, onCpu, start, fallbacks };
}

describe('simpleRNN on @rectify/gpu (headless-gl)', () => {
  for (const { name, layers } of rnnModels((units) => dense(units))) {
    it(`${name}: trains through the gpu executor (no fallback) to the CPU backend's weights`, () => {
      const { onGpu, onCpu, start, fallbacks } = trainBoth(layers);
      expect(fallbacks).toEqual([]);
      expect(onGpu.backendReport?.fallbacks).toEqual([]);
      expect(maxRelError(weights(onCpu), start)).toBeGreaterThan(1e-3); // training moved the weights
      expect(maxRelError(weights(onGpu), weights(onCpu))).toBeLessThan(1e-4);
      expect(maxRelError(onGpu.predict(x).data, onCpu.predict(x).data)).toBeLessThan(1e-4);
      onGpu.dispose?.();
    }, 120_000);
  }

  it('clips the global gradient norm on the device as the CPU backend does', () => {
    const { onGpu, onCpu, fallbacks } = trainBoth(() => [simpleRNN(6), dense(1)], 0.05);
    expect(fallbacks).toEqual([]);
    expect(onCpu.gradNorm()).toBeGreaterThan(0.05); // the clipping acts on the last step too
    expect(Math.abs(onGpu.gradNorm() - onCpu.gradNorm())).toBeLessThanOrEqual(1e-4 * onCpu.gradNorm());
    expect(maxRelError(weights(onGpu), weights(onCpu))).toBeLessThan(1e-4);
    onGpu.dispose?.();
  }, 120_000);

  it('a cell whose activation has no gpu kernels runs on the host, is reported, and still trains like the CPU', () => {
    const softsign = defineActivation({
      name: 'softsign-cpu-only',
      apiVersion: 1,
      cpu: {
        forward(v, out, { length }) {
          for (let i = 0; i < length; i++) out[i] = v[i] / (1 + Math.abs(v[i]));
        },
        backward(v, _out, dy, dx, { length }) {
          for (let i = 0; i < length; i++) dx[i] = dy[i] / (1 + Math.abs(v[i])) ** 2;
        },
      },
    });
    const { onGpu, onCpu, fallbacks } = trainBoth(() => [simpleRNN(6, { activation: softsign }), dense(1)], 0.05);
    expect(fallbacks.map((f) => f.layer)).toEqual(['layers.0']);
    expect(fallbacks[0].reason).toContain('softsign-cpu-only');
    expect(onGpu.backendReport?.fallbacks.map((f) => [f.layer, f.ranOn])).toEqual([['layers.0', 'cpu']]);
    expect(Math.abs(onGpu.gradNorm() - onCpu.gradNorm())).toBeLessThanOrEqual(1e-4 * onCpu.gradNorm());
    expect(maxRelError(weights(onGpu), weights(onCpu))).toBeLessThan(1e-4);
    onGpu.dispose?.();
  }, 120_000);
});
