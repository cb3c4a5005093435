import { Tensor, createDefaultRegistry, createRng, dense, mse, sequential, sgd } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { addingProblem, identityInit, simpleRNN } from '../src';

/**
 * After `warmup` calls: the ArrayBuffer bytes that `calls` × 5 more calls added, and the least heap growth per call
 * over 5 windows of `calls` calls (a collection inside a window only lowers a window's growth, so the least one
 * bounds what each call keeps).
 */
function allocationPerCall(call: () => void, warmup: number, calls: number): { buffers: number; heapPerCall: number } {
  for (let i = 0; i < warmup; i++) call();
  const buffersBefore = process.memoryUsage().arrayBuffers;
  let least = Number.POSITIVE_INFINITY;
  for (let w = 0; w < 5; w++) {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < calls; i++) call();
    const growth = process.memoryUsage().heapUsed - before;
    if (growth >= 0) least = Math.min(least, growth);
  }
  return { buffers: process.memoryUsage().arrayBuffers - buffersBefore, heapPerCall: least / calls };
}

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
    // A per-step allocation (a typed array or a view, ≥ ~100 bytes, 20 per call) would be far above the bound.
    const { buffers, heapPerCall } = allocationPerCall(call, 200, 200);
    expect(buffers).toBeLessThanOrEqual(0);
    expect(heapPerCall).toBeLessThan(200);
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
    // About 0.9 kB per call, the same at T = 3,000 (the model's own per-call bookkeeping); one leaked object per time
    // step would be ≥ 16 kB per call. 40 warm-up calls get past the JIT's own allocations.
    const { buffers, heapPerCall } = allocationPerCall(() => model.trainBatch(x, y), 40, 10);
    model.dispose();
    expect(buffers).toBeLessThanOrEqual(0);
    expect(heapPerCall).toBeLessThan(4000);
  });
});
