import { gpuBackend } from '@rectify/gpu';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import type { PlaygroundState } from '../state/types';
import { channelStats, traceFeatureMaps } from './conv-maps';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry(playgroundPlugins);

describe('a playground CNN on the gpu backend', () => {
  it('trains on gpu.js (cpu mode) as on the CPU, to float32 tolerance, with the same feature-map statistics', async () => {
    const state: PlaygroundState = {
      ...defaultState,
      dataset: { name: 'bars', samples: 120, noise: 0.5, trainFraction: 0.5, positiveFraction: 0.5, seed: 4 },
      network: {
        conv: [
          { kind: 'conv', channels: 4, kernel: 3, stride: 1, padding: 1, activation: 'relu' },
          { kind: 'pool', pool: 'max', size: 2 },
          { kind: 'conv', channels: 4, kernel: 3, stride: 2, padding: 0, activation: 'relu' },
          { kind: 'pool', pool: 'avg', size: 2 },
        ],
        hidden: [{ units: 6, activation: 'relu', hyper: {} }],
        residual: false,
      },
      training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.05, batchSize: 8 },
    };
    const data = generateDataset(state.dataset);
    const cpu = new Trainer(state, data, registry);
    const gpu = new Trainer(state, data, registry, gpuBackend({ mode: 'cpu' }));
    expect(gpu.backendReport?.backend).toBe('gpu');
    expect(gpu.backendReport?.fallbacks).toEqual([]);
    const start = cpu.evaluate().trainLoss;
    for (let k = 0; k < 10; k++) {
      cpu.step();
      await gpu.stepAsync();
    }
    await gpu.syncAsync();
    const a = cpu.evaluate();
    const b = await gpu.evaluateAsync();
    expect(Math.abs(a.trainLoss - start)).toBeGreaterThan(1e-3); // it trained
    expect(b.trainLoss).toBeCloseTo(a.trainLoss, 4);
    const mapsCpu = traceFeatureMaps(cpu.built.model, cpu.probeBatch);
    const mapsGpu = traceFeatureMaps(gpu.built.model, gpu.probeBatch);
    for (let s = 0; s < mapsCpu.length; s++) {
      let worst = 0;
      for (let i = 0; i < mapsCpu[s].maps.length; i++) worst = Math.max(worst, Math.abs(mapsCpu[s].maps[i] - mapsGpu[s].maps[i]));
      expect(worst).toBeLessThan(1e-4);
      expect(channelStats(mapsGpu[s]).dead).toEqual(channelStats(mapsCpu[s]).dead);
    }
  });
});
