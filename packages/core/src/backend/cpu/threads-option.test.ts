import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors';
import { activation, dense, sequential } from '../../index';
import { tanh } from '../../activations';
import { sgd } from '../../optimizers';
import { Tensor } from '../../tensor';
import { Rng } from '../../random';
import { cpuBackend } from './session';
import { gemmThreadPool, gemmThreadsReady } from './threads/gemm-threads';
import { availableCores } from './threads/support';

function values(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1);
}

/** Weights after `steps` SGD steps of a 784-256-64-10 tanh MLP (products above the threading threshold) on `threads`. */
async function trained(threads: number, steps: number): Promise<Float32Array[]> {
  const m = sequential({
    inputShape: [784],
    seed: 5,
    layers: [dense(256), activation(tanh), dense(64), activation(tanh), dense(10)],
  });
  m.compile({
    loss: 'softmax-cross-entropy',
    optimizer: sgd({ learningRate: 0.05 }),
    backend: cpuBackend({ threads, fma: false, kernels: { matmul: 'auto' } }),
  });
  if (threads > 1) expect(await gemmThreadsReady(threads - 1)).toBe(true);
  const x = new Tensor(values(128 * 784, 1), [128, 784]);
  const y = new Tensor(
    Float32Array.from({ length: 1280 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
    [128, 10],
  );
  for (let i = 0; i < steps; i++) m.trainBatch(x, y);
  return Object.values(m.getWeights()).map((w) => Float32Array.from(w.data));
}

describe('cpuBackend({ threads })', () => {
  it('defaults to every core and refuses counts that are not whole numbers from 1 to 64, naming the fix', () => {
    const spec = { layers: [], inputShape: [2], outputShape: [2] } as never;
    expect(cpuBackend().createSession(spec).report.threads?.requested).toBe(availableCores());
    for (const bad of [0, -1, 1.5, Number.NaN, 65, '2', null]) {
      expect(() => cpuBackend({ threads: bad as number })).toThrow(ValidationError);
      expect(() => cpuBackend({ threads: bad as number })).toThrow(/threads must be an integer from 1 to 64.*omit it/);
    }
  });

  it('reports what runs and why', () => {
    const spec = { layers: [], inputShape: [2], outputShape: [2] } as never;
    expect(cpuBackend({ threads: 1 }).createSession(spec).report.threads).toEqual({
      requested: 1,
      running: 1,
      reason: 'threads: 1 was chosen',
    });
    expect(cpuBackend({ threads: 3 }).createSession(spec).report.threads).toEqual({
      requested: 3,
      running: 3,
      reason: "worker threads share the kernels' WebAssembly memory",
    });
    expect(cpuBackend({ threads: 3, kernels: { matmul: 'js' } }).createSession(spec).report.threads).toMatchObject({
      running: 1,
      reason: expect.stringMatching(/JavaScript/),
    });
  });

  it('trains to bit-identical weights on 1, 2 and 3 threads, with workers taking part', async () => {
    const one = await trained(1, 4);
    const pool = gemmThreadPool();
    const before = pool?.workerChunks ?? 0;
    for (const t of [2, 3]) {
      const many = await trained(t, 4);
      for (const [i, w] of many.entries()) {
        expect(Buffer.from(w.buffer).equals(Buffer.from(one[i].buffer)), `threads ${t}, weight ${i}`).toBe(true);
      }
    }
    expect((gemmThreadPool()?.workerChunks ?? 0) - before).toBeGreaterThan(0);
  }, 30_000);
});
