import { type Layer, Tensor, adam, collectParamRefs, cpuBackend, defineActivation, mse, sgd, tanh } from '@rectify/core';
import { relu } from '@rectify/relu';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuLimitError, GpuLostError, type GpuSession, gpuBackend } from '../src/index';
import { buildLayers, makeData, specFor, train, weights, worstMismatch } from './fixtures';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

interface GlCounter {
  created: number;
  deleted: number;
}

/** Counts real GL textures by wrapping the context's createTexture/deleteTexture (independent of the backend). */
function countTextures(session: GpuSession): GlCounter {
  const gl = (session as unknown as { device: { gpu: { context: WebGLRenderingContext } } }).device.gpu.context;
  const counter = { created: 0, deleted: 0 };
  const create = gl.createTexture.bind(gl);
  const del = gl.deleteTexture.bind(gl);
  gl.createTexture = () => {
    counter.created++;
    return create();
  };
  gl.deleteTexture = (t) => {
    counter.deleted++;
    del(t);
  };
  return counter;
}

function batch(x: Tensor, y: Tensor, start: number, n: number): [Tensor, Tensor] {
  const i = x.shape[1];
  const o = y.shape[1];
  return [
    new Tensor(x.data.subarray(start * i, (start + n) * i), [n, i]),
    new Tensor(y.data.subarray(start * o, (start + n) * o), [n, o]),
  ];
}

describe('gpu backend resources (headlessgl)', () => {
  it('checks single precision at start-up and keeps NaN checks', () => {
    const s = gpuBackend({ mode: 'headlessgl' }).createSession(
      specFor(buildLayers(tanh, 1), 3, 2, mse(), sgd({ learningRate: 0.1 })),
    );
    // the start-up probe computed 1 + 2^-20 (not representable in half precision) and read it back
    expect(s.report.nanChecks).toBe(true);
    expect(s.report.transfers.toHost).toBe(2);
    s.dispose();
  });

  it('moves only x and y per step, and the loss only when asked', () => {
    const { x, y } = makeData(32, 3, 2, 3, 'regression');
    const s = gpuBackend({ mode: 'headlessgl' }).createSession(specFor(buildLayers(relu, 1), 3, 2, mse(), adam()));
    const [xb, yb] = batch(x, y, 0, 16);
    s.trainStep(xb, yb, false);
    const t0 = s.report.transfers;
    for (let i = 0; i < 5; i++) s.trainStep(xb, yb, false);
    const t1 = s.report.transfers;
    expect(t1.toDevice - t0.toDevice).toBe(2 * 5);
    expect(t1.toHost - t0.toHost).toBe(0);
    const loss = s.trainStep(xb, yb, true);
    expect(Number.isFinite(loss)).toBe(true);
    expect(s.report.transfers.toHost - t1.toHost).toBe(1);
    expect(s.report.transfers.toDevice - t1.toDevice).toBe(2);
    s.dispose();
  }, 60_000);

  it('builds kernels once per shape and holds a constant number of textures over 1,000 steps', async () => {
    const { x, y } = makeData(32, 3, 2, 4, 'regression');
    const s = gpuBackend({ mode: 'headlessgl' }).createSession(
      specFor(buildLayers(relu, 2), 3, 2, mse(), adam({ learningRate: 0.001 }), 1e-4),
    );
    const gl = countTextures(s);
    const [xb, yb] = batch(x, y, 0, 16);
    for (let i = 0; i < 10; i++) s.trainStep(xb, yb, i % 5 === 0);
    const kernels = s.report.kernels;
    const liveGl = gl.created - gl.deleted;
    const live = s.report.liveHandles;
    for (let i = 0; i < 1000; i++) s.trainStep(xb, yb, i % 5 === 0);
    expect(s.report.kernels).toBe(kernels);
    expect(gl.created - gl.deleted).toBe(liveGl);
    expect(s.report.liveHandles).toBe(live);
    expect(gl.created).toBeGreaterThan(1000); // textures really were allocated per step, and deleted
    s.dispose();
    await s.whenDisposed();
    expect(s.report.liveHandles).toBe(0);
    // every texture created since counting started is gone, kernels' own outputs included
    expect(gl.created - gl.deleted).toBeLessThanOrEqual(0);
  }, 300_000);

  it('runs a plugin without gpu kernels on the CPU with an explicit fallback, and still trains like the CPU backend', () => {
    const softsign = defineActivation({
      name: 'softsign-test',
      apiVersion: 1,
      cpu: {
        forward(x, y, { length }) {
          for (let i = 0; i < length; i++) y[i] = x[i] / (1 + Math.abs(x[i]));
        },
        backward(x, _y, dy, dx, { length }) {
          for (let i = 0; i < length; i++) {
            const d = 1 + Math.abs(x[i]);
            dx[i] = dy[i] / (d * d);
          }
        },
      },
    });
    const seen: string[] = [];
    const { x, y } = makeData(32, 3, 2, 5, 'regression');
    const a = buildLayers(softsign, 9);
    const b = buildLayers(softsign, 9);
    const cpu = cpuBackend().createSession(specFor(a, 3, 2, mse(), adam({ learningRate: 0.01 })));
    const gpu = gpuBackend({ mode: 'headlessgl', onFallback: (f) => seen.push(f.layer) }).createSession(
      specFor(b, 3, 2, mse(), adam({ learningRate: 0.01 })),
    );
    expect(gpu.report.fallbacks.map((f) => f.layer)).toEqual(['layers.1', 'layers.2.body.1', 'layers.3.body.1']);
    expect(gpu.report.fallbacks[0]).toMatchObject({
      ranOn: 'cpu',
      reason: expect.stringContaining('softsign-test" has no gpu kernels'),
    });
    expect(seen).toEqual(['layers.1', 'layers.2.body.1', 'layers.3.body.1']);
    // Each host layer's kernels get the same input and gradient arrays every step (buffers reused, nothing per step).
    const inputs = new Set<unknown>();
    const grads = new Set<unknown>();
    const { forward, backward } = softsign.cpu;
    Object.assign(softsign.cpu, {
      forward: (...args: Parameters<typeof forward>) => {
        inputs.add(args[0]);
        forward(...args);
      },
      backward: (...args: Parameters<typeof backward>) => {
        grads.add(args[2]);
        backward(...args);
      },
    });
    train(cpu, x, y, 50, 16);
    inputs.clear();
    grads.clear();
    train(gpu, x, y, 50, 16);
    gpu.sync();
    const { ratio, at } = worstMismatch(weights(b), weights(a), 1e-4);
    expect(ratio, at).toBeLessThanOrEqual(1);
    expect(inputs.size).toBe(3); // one input array per host layer over 50 steps
    expect(grads.size).toBe(3);
    gpu.dispose();
  }, 120_000);

  it('fails clearly when a batch exceeds the texture limit', () => {
    const { x, y } = makeData(64, 3, 2, 6, 'regression');
    const s = gpuBackend({ mode: 'headlessgl', maxTextureSize: 10 }).createSession(
      specFor(buildLayers(relu, 1), 3, 2, mse(), sgd({ learningRate: 0.1 })),
    );
    expect(() => s.trainStep(x, y, true)).toThrow(GpuLimitError);
    expect(() => s.trainStep(x, y, true)).toThrow(/MAX_TEXTURE_SIZE 10.*use a smaller batch size/);
    s.dispose();
  }, 60_000);
});

describe('losing the GL context mid-training (headless-gl STACKGL_destroy_context)', () => {
  function destroy(s: GpuSession): void {
    const gl = (s as unknown as { device: { gpu: { context: WebGLRenderingContext } } }).device.gpu.context;
    (gl.getExtension('STACKGL_destroy_context') as { destroy(): void }).destroy();
  }

  function setup(onLost: 'throw' | 'cpu') {
    const { x, y } = makeData(32, 3, 2, 8, 'regression');
    const layers: Layer[] = buildLayers(relu, 4);
    const optimizer = adam({ learningRate: 0.01 });
    const s = gpuBackend({ mode: 'headlessgl', onLost }).createSession(specFor(layers, 3, 2, mse(), optimizer));
    train(s, x, y, 10, 16);
    s.sync();
    const synced = weights(layers);
    const syncedState = optimizer.getState();
    train(s, x, y, 5, 16); // unsynced progress, lost with the context
    destroy(s);
    return { s, x, y, layers, synced, syncedState };
  }

  it('throws a GpuLostError and leaves the last synced weights in the model', () => {
    const { s, x, y, layers, synced } = setup('throw');
    expect(() => train(s, x, y, 1, 16)).toThrow(GpuLostError);
    expect(worstMismatch(weights(layers), synced, 1e-9).ratio).toBe(0);
  }, 60_000);

  it("with onLost: 'cpu' reports the switch and continues from the last synced weights", () => {
    const { s, x, y, layers, synced, syncedState } = setup('cpu');
    const before = s.report.mode;
    const loss = s.trainStep(...batchOf(x, y), true);
    expect(before).toBe('headlessgl');
    expect(s.report.mode).toBe('cpu');
    expect(s.report.modeFallbackReason).toMatch(/headlessgl device failed during trainStep .*last sync/);
    expect(Number.isFinite(loss)).toBe(true);
    // the CPU step started from the synced weights and optimizer state: replay it on a fresh CPU session
    const replay = buildLayers(relu, 4);
    const flat = weights(replay);
    let k = 0;
    const visit = (l: Layer) => {
      for (const p of l.params()) p.value.set(synced[k++]);
      l.children().forEach(visit);
    };
    replay.forEach(visit);
    expect(k).toBe(flat.length);
    const replayOpt = adam({ learningRate: 0.01 });
    replayOpt.setState(syncedState, collectParamRefs(replay));
    const ref = cpuBackend().createSession(specFor(replay, 3, 2, mse(), replayOpt));
    const refLoss = ref.trainStep(...batchOf(x, y), true);
    expect(loss).toBe(refLoss);
    expect(worstMismatch(weights(layers), weights(replay), 1e-9).ratio).toBe(0);
    s.dispose();
  }, 60_000);

  function batchOf(x: Tensor, y: Tensor): [Tensor, Tensor] {
    return batch(x, y, 0, 16);
  }
});
