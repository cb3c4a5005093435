import { Tensor, createDefaultRegistry, createRng, dense, mse, sequential, sgd } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { addingProblem, identityInit, simpleRNN } from '../src';

describe('simpleRNN steps allocate nothing once a batch size has been seen', () => {
  it('forward + backward over 20 time steps: no new typed arrays, < 200 heap bytes per call', () => {
    const T = 20;
    const layer = simpleRNN(16, { activation: relu, returnSequences: true });
    layer.build([T, 3], { rng: createRng(1), registry: createDefaultRegistry() });
    const rng = createRng(2);
    const x = new Tensor(
      Float32Array.from({ length: 4 * T * 3 }, () => rng.normal()),
      [4, T, 3],
    );
    const dy = new Tensor(
      Float32Array.from({ length: 4 * T * 16 }, () => rng.normal()),
      [4, T, 16],
    );
    const call = () => {
      layer.forward(x, true);
      layer.backward(dy);
    };
    for (let i = 0; i < 200; i++) call();
    const calls = 200;
    const buffersBefore = process.memoryUsage().arrayBuffers;
    // The least heap growth over a few windows: a collection inside a window only lowers it, and a per-step
    // allocation (a typed array or a view, ≥ ~100 bytes, 20 per call) would put every window far above the bound.
    let least = Number.POSITIVE_INFINITY;
    for (let w = 0; w < 5; w++) {
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < calls; i++) call();
      const growth = process.memoryUsage().heapUsed - before;
      if (growth >= 0) least = Math.min(least, growth);
    }
    expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThanOrEqual(0);
    expect(least / calls).toBeLessThan(200);
  });
});

describe('training over a long sequence keeps memory flat', () => {
  it('T = 1,000: a model training step allocates no typed arrays and far less heap than one object per time step', () => {
    const T = 1000;
    const model = sequential({
      inputShape: [T, 2],
      seed: 3,
      layers: [simpleRNN(8, { activation: relu, recurrentInitializer: identityInit() }), dense(1)],
    });
    model.compile({ loss: mse(), optimizer: sgd({ learningRate: 1e-4 }), clipGrad: { maxNorm: 1 } });
    const { x, y } = addingProblem({ samples: 2, length: T, seed: 4 });
    const step = () => model.trainBatch(x, y);
    for (let i = 0; i < 40; i++) step(); // past the JIT's own allocations
    const calls = 10;
    const buffersBefore = process.memoryUsage().arrayBuffers;
    // As above: the least growth over a few windows. About 0.9 kB per call, the same at T = 3,000 (the model's own
    // per-call bookkeeping); one leaked object per time step would be ≥ 16 kB per call.
    let least = Number.POSITIVE_INFINITY;
    for (let w = 0; w < 5; w++) {
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < calls; i++) step();
      const growth = process.memoryUsage().heapUsed - before;
      if (growth >= 0) least = Math.min(least, growth);
    }
    model.dispose();
    expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThanOrEqual(0);
    expect(least / calls).toBeLessThan(4000);
  });
});
