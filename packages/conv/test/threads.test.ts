import { cpuBackend, cpuThreadPoolInfo, createRng, type Layer, sequential, sgd, tanh, Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { conv2d, flatten } from '../src';
import { convWorkerChunks, convWorkersReady } from '../src/conv2d/conv-threads';
import { lenet } from './support';

const rng = createRng(71);
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/** Bits of a Float32Array, for exact comparison. */
const bits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

/** Workers ready on conv's pool or core's (whichever the layers use). */
const ready = () => Math.max(convWorkersReady(), cpuThreadPoolInfo()?.ready ?? 0);
/** Chunks run by workers on either pool. */
const workerChunks = () => (convWorkerChunks() ?? 0) + (cpuThreadPoolInfo()?.workerChunks ?? 0);

async function workersReady(count: number): Promise<void> {
  const end = Date.now() + 5000;
  while (ready() < count && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

/** Predictions of `layers` (a fixed seed) on `threads` threads. */
async function predict(layers: () => Layer[], shape: number[], x: Tensor, threads: number): Promise<number[]> {
  const m = sequential({ inputShape: shape, seed: 3, layers: layers() });
  m.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.01 }), backend: cpuBackend({ threads, fma: false }) });
  m.predict(x); // starts the convolutions' pool when threads > 1
  if (threads > 1) await workersReady(threads - 1);
  const out = bits(m.predict(x).data);
  // On a loaded machine the calling thread can finish every chunk before a woken worker claims one; a few more calls
  // (each must give the same bits) let the workers take part.
  const start = workerChunks();
  for (let i = 0; i < 20 && threads > 1 && workerChunks() === start; i++) {
    await new Promise((r) => setTimeout(r, 5));
    expect(bits(m.predict(x).data)).toEqual(out);
  }
  return out;
}

describe('convolutions on worker threads', () => {
  const cases: { name: string; shape: number[]; layers: () => Layer[]; rows: number }[] = [
    { name: 'LeNet-like 5×5, no padding', shape: [1, 28, 28], layers: () => [conv2d(6, 5), flatten()], rows: 37 },
    {
      name: 'same padding, dilation 2',
      shape: [3, 16, 16],
      layers: () => [conv2d(8, 3, { padding: 'same', dilation: 2 }), flatten()],
      rows: 11,
    },
    {
      name: 'groups 2, padding 1, no bias',
      shape: [4, 15, 13],
      layers: () => [conv2d(6, 3, { groups: 2, padding: 1, useBias: false }), flatten()],
      rows: 23,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the forward pass on 2 and 3 threads gives the bits of 1 thread, with workers taking part`, async () => {
      const x = new Tensor(randn(c.rows * c.shape.reduce((a, b) => a * b, 1)), [c.rows, ...c.shape]);
      const one = await predict(c.layers, c.shape, x, 1);
      const before = convWorkerChunks() ?? 0;
      for (const t of [2, 3]) expect(await predict(c.layers, c.shape, x, t)).toEqual(one);
      expect((convWorkerChunks() ?? 0) - before).toBeGreaterThan(0);
    }, 60_000);
  }

  it("strides 2 (the im2col path, its product on core's pool): 2 and 3 threads give the bits of 1 thread", async () => {
    const shape = [16, 32, 32];
    const layers = () => [conv2d(32, 3, { strides: 2, padding: 1 }), flatten()];
    const x = new Tensor(randn(5 * 16 * 32 * 32), [5, ...shape]);
    const one = await predict(layers, shape, x, 1);
    const before = cpuThreadPoolInfo()?.workerChunks ?? 0;
    for (const t of [2, 3]) expect(await predict(layers, shape, x, t)).toEqual(one);
    expect((cpuThreadPoolInfo()?.workerChunks ?? 0) - before).toBeGreaterThan(0);
  }, 60_000);

  it('a LeNet trains to bit-identical weights on 1 and 2 threads', async () => {
    const x = new Tensor(randn(32 * 784), [32, 1, 28, 28]);
    const y = new Tensor(
      Float32Array.from({ length: 320 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
      [32, 10],
    );
    const run = async (threads: number) => {
      const m = lenet(tanh, 9, cpuBackend({ threads, fma: false }));
      m.trainBatch(x, y);
      if (threads > 1) await workersReady(threads - 1);
      for (let i = 0; i < 3; i++) m.trainBatch(x, y);
      return Object.values(m.getWeights()).map((w) => bits(w.data));
    };
    expect(await run(2)).toEqual(await run(1));
  }, 60_000);
});
