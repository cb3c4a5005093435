import { activation, createDefaultRegistry, createRng, dense, sequential, sgd, tensor } from '@rectify/core';
import { gpuBackend } from '@rectify/gpu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { batchNorm, batchNormPlugin, layerNorm, layerNormPlugin } from './index';

const registry = createDefaultRegistry().registerActivation(relu).registerLayer(batchNormPlugin).registerLayer(layerNormPlugin);

function model(backend?: ReturnType<typeof gpuBackend>) {
  const m = sequential({
    inputShape: [3],
    seed: 11,
    registry,
    layers: [dense(6), batchNorm(), activation(relu), dense(5), layerNorm(), activation(relu), dense(2)],
  });
  m.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05, momentum: 0.9 }), ...(backend ? { backend } : {}) });
  return m;
}

describe('BatchNorm and LayerNorm on @rectify/gpu (headless-gl)', () => {
  it('train through their gpu executors (no fallback) to the CPU backend weights and running statistics', () => {
    const rng = createRng(4);
    const x = tensor(Array.from({ length: 16 }, () => [rng.normal(), 2 + rng.normal(), -rng.normal()]));
    const y = tensor(Array.from({ length: 16 }, () => [rng.normal(), rng.normal()]));
    const fallbacks: unknown[] = [];
    const onGpu = model(gpuBackend({ mode: 'headlessgl', onFallback: (f) => fallbacks.push(f) }));
    const onCpu = model();
    for (let step = 0; step < 5; step++) {
      onGpu.trainBatch(x, y);
      onCpu.trainBatch(x, y);
    }
    onGpu.sync();
    expect(fallbacks).toEqual([]);
    const arrays = (m: ReturnType<typeof model>) =>
      m.layers.flatMap((l) => [...l.params().map((p) => p.value), ...l.state().map((s) => s.value)]);
    const cpu = arrays(onCpu);
    const gpu = arrays(onGpu);
    expect(gpu.length).toBe(cpu.length);
    cpu.forEach((values, k) => {
      for (let i = 0; i < values.length; i++) {
        expect(Math.abs(gpu[k][i] - values[i]), `array ${k} element ${i}`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(values[i])));
      }
    });
    // The running statistics moved off their initial 0 / 1 on both backends.
    expect(Array.from(onGpu.layers[1].state()[0].value).some((v) => v !== 0)).toBe(true);
    const predictGpu = onGpu.predict(x).data;
    const predictCpu = onCpu.predict(x).data;
    for (let i = 0; i < predictCpu.length; i++) expect(predictGpu[i]).toBeCloseTo(predictCpu[i], 4);
    onGpu.dispose?.();
  }, 120_000);
});
