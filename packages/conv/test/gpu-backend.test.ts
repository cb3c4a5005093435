import { activation, createDefaultRegistry, dense, sequential, sgd } from '@rectify/core';
import { gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { cnnLayers, convRegistry, flattenHead, maxRelError, seededImages } from './cnn-case';

const registry = convRegistry(createDefaultRegistry().registerActivation(relu));

describe('conv layers on @rectify/gpu (headless-gl)', () => {
  for (const [name, layers] of [
    ['conv, pools, global pooling', () => cnnLayers(activation, dense, relu)],
    ['conv, flatten, dense', () => flattenHead((units) => dense(units))],
  ] as const) {
    it(`${name}: trains through the gpu executors (no fallback) to the CPU backend's weights`, () => {
      const { x, y } = seededImages(10, 2);
      const make = (backend?: ReturnType<typeof gpuBackend>) =>
        sequential({ inputShape: [2, 8, 8], seed: 5, registry, layers: layers() }).compile({
          loss: 'mse',
          optimizer: sgd({ learningRate: 0.05, momentum: 0.9 }),
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
      const cpu = onCpu.paramRefs().flatMap((r) => Array.from(r.param.value));
      const gpu = onGpu.paramRefs().flatMap((r) => Array.from(r.param.value));
      expect(maxRelError(cpu, start)).toBeGreaterThan(1e-3); // training moved the weights
      expect(maxRelError(gpu, cpu)).toBeLessThan(1e-4);
      expect(maxRelError(onGpu.predict(x).data, onCpu.predict(x).data)).toBeLessThan(1e-4);
      onGpu.dispose?.();
    }, 120_000);
  }
});
