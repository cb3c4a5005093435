import { createDefaultRegistry, dense, sequential, sgd } from '@rectify/core';
import { gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { addingProblem, maxRelError, rnnModels, rnnRegistry } from './rnn-case';

const registry = rnnRegistry(createDefaultRegistry(), relu);
const STEPS = 5;

describe('simpleRNN on @rectify/gpu (headless-gl)', () => {
  for (const { name, layers } of rnnModels((units) => dense(units))) {
    it(`${name}: trains through the gpu executor (no fallback) to the CPU backend's weights`, () => {
      const { x, y } = addingProblem({ samples: 8, length: STEPS, seed: 3 });
      const make = (backend?: ReturnType<typeof gpuBackend>) =>
        sequential({ inputShape: [STEPS, 2], seed: 5, registry, layers: layers() }).compile({
          loss: 'mse',
          optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }),
          ...(backend ? { backend } : {}),
        });
      const fallbacks: unknown[] = [];
      const onGpu = make(gpuBackend({ mode: 'headlessgl', onFallback: (f) => fallbacks.push(f) }));
      const onCpu = make();
      const start = onCpu.paramRefs().flatMap((r) => Array.from(r.param.value));
      for (let step = 0; step < 5; step++) {
        onGpu.trainBatch(x, y);
        onCpu.trainBatch(x, y);
      }
      onGpu.sync();
      expect(fallbacks).toEqual([]);
      expect((onGpu.backendReport as { fallbacks: unknown[] }).fallbacks).toEqual([]);
      const cpu = onCpu.paramRefs().flatMap((r) => Array.from(r.param.value));
      const gpu = onGpu.paramRefs().flatMap((r) => Array.from(r.param.value));
      expect(maxRelError(cpu, start)).toBeGreaterThan(1e-3); // training moved the weights
      expect(maxRelError(gpu, cpu)).toBeLessThan(1e-4);
      expect(maxRelError(onGpu.predict(x).data, onCpu.predict(x).data)).toBeLessThan(1e-4);
      onGpu.dispose?.();
    }, 120_000);
  }
});
