import { gpuBackend } from '@rectify/gpu';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch } from '../state/patch';
import { createPlaygroundRegistry } from './registry';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry([]);

describe('hidden layer choices on the gpu backend', () => {
  it('BatchNorm, LayerNorm, Maxout and dropout train on gpu.js (cpu mode) as on the CPU, to float32 tolerance', async () => {
    const state = applyPatch(defaultState, {
      network: {
        residual: false,
        hidden: [
          { units: 8, activation: 'tanh', hyper: {}, norm: 'batch-norm', dropout: 0.2 },
          { units: 6, activation: 'tanh', hyper: {}, unit: 'maxout', norm: 'layer-norm' },
        ],
      },
      training: { optimizer: 'sgd', learningRate: 0.05 },
    });
    const data = generateDataset(state.dataset);
    const cpu = new Trainer(state, data, registry);
    const gpu = new Trainer(state, data, registry, gpuBackend({ mode: 'cpu' }));
    expect(gpu.backendReport?.backend).toBe('gpu');
    expect(gpu.backendReport?.fallbacks).toEqual([]);
    const start = cpu.outputGrid(6);
    for (let k = 0; k < 20; k++) {
      cpu.step();
      await gpu.stepAsync();
    }
    await gpu.syncAsync();
    const a = cpu.outputGrid(6);
    const b = gpu.outputGrid(6);
    expect(Math.max(...a.map((v, i) => Math.abs(v - start[i])))).toBeGreaterThan(1e-3); // it trained
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 4);
    expect(gpu.evaluate().trainLoss).toBeCloseTo(cpu.evaluate().trainLoss, 4);
  });
});
