import { availableCores } from './threads/support';
import { describe, expect, it } from 'vitest';
import { randomValues } from '../../../test/support/gradcheck';
import { tanh } from '../../activations';
import { activation, dense, residual } from '../../builtin-layers';
import { mse } from '../../losses';
import type { Loss } from '../../losses/contract';
import { sgd } from '../../optimizers';
import { sequential } from '../../model/sequential';
import { Tensor } from '../../tensor';
import { matmulKernel } from './matmul';
import { cpuBackend } from './session';
import { hasWasmRelaxedSimd } from './wasm/relaxed-simd-support';
import { activationPrecision, setActivationPrecision } from './wasm/activation-precision';

function model() {
  return sequential({
    inputShape: [3],
    seed: 1,
    layers: [dense(6), activation(tanh), residual([dense(6), activation(tanh)]), dense(2)],
  });
}

/** mse that records the arrays it is handed, to observe buffer reuse from outside. */
function recordingLoss(seen: { pred: Float32Array; grad: Float32Array | null }[]): Loss {
  const inner = mse();
  return {
    name: 'mse',
    compute(pred, target, grad, rows, cols) {
      seen.push({ pred, grad });
      return inner.compute(pred, target, grad, rows, cols);
    },
  };
}

describe('cpu backend session', () => {
  it('reports the cpu backend with no fallbacks and no transfers', () => {
    const m = model().compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }), backend: cpuBackend() });
    expect(m.backendReport).toEqual({
      backend: 'cpu',
      mode: 'cpu',
      fallbacks: [],
      fma: { on: hasWasmRelaxedSimd(), reason: expect.any(String) },
      threads: { requested: availableCores(), running: availableCores(), reason: expect.any(String) },
      transfers: { toDevice: 0, toHost: 0 },
    });
  });

  it('reuses the same prediction and loss-gradient buffers every step, including a smaller last batch', async () => {
    const seen: { pred: Float32Array; grad: Float32Array | null }[] = [];
    const m = model().compile({ loss: recordingLoss(seen), optimizer: sgd({ learningRate: 0.01 }) });
    const rows = 50; // batch 8 → 6 full batches and one of 2
    const x = new Tensor(randomValues(rows * 3, 1), [rows, 3]);
    const y = new Tensor(randomValues(rows * 2, 2), [rows, 2]);
    await m.fit(x, y, { epochs: 4, batchSize: 8 });
    const steps = seen.filter((s) => s.grad !== null);
    expect(steps).toHaveLength(4 * 7);
    // After the first epoch (whose end-of-epoch evaluation grows the buffers to 50 rows once), every step of every
    // epoch sees the very same two typed-array views: nothing is allocated per step.
    const later = steps.slice(7);
    expect(new Set(later.map((s) => s.pred)).size).toBe(2);
    expect(new Set(later.map((s) => s.grad)).size).toBe(2);
    expect(new Set(later.map((s) => s.pred.buffer)).size).toBe(1);
    expect(later.filter((s) => s.pred.length === 16)).toHaveLength(18);
    expect(later.filter((s) => s.pred.length === 4)).toHaveLength(3);
  });

  it('layers hand back the same output tensor for a batch size they have seen', () => {
    const layer = dense(4);
    const m = sequential({ inputShape: [3], layers: [layer] });
    const big = new Tensor(new Float32Array(30), [10, 3]);
    const small = new Tensor(new Float32Array(9), [3, 3]);
    const a = layer.forward(big, true);
    const b = layer.forward(small, true);
    expect(layer.forward(big, true)).toBe(a);
    expect(layer.forward(small, true)).toBe(b);
    expect(b.data.buffer).toBe(a.data.buffer);
    expect(m.outputShape).toEqual([4]);
  });

  it('applies L2 to decayed parameters only: w ← w − lr·(g + 2·l2·w)', () => {
    const m = sequential({ inputShape: [2], seed: 3, layers: [dense(2)] });
    const [kernel, bias] = m.paramRefs().map((r) => r.param);
    bias.value.set([0.5, -0.5]);
    const x = new Tensor(Float32Array.from([1, 2]), [1, 2]);
    const y = new Tensor(Float32Array.from([0, 0]), [1, 2]);
    // Gradient without L2, from a twin model with the same seed.
    const twin = sequential({ inputShape: [2], seed: 3, layers: [dense(2)] });
    twin.paramRefs()[1].param.value.set([0.5, -0.5]);
    twin.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0 }) });
    twin.trainBatch(x, y);
    const [gk, gb] = twin.paramRefs().map((r) => r.param.grad.slice());
    const w0 = kernel.value.slice();
    const b0 = bias.value.slice();
    const lr = 0.1;
    const l2 = 0.5;
    m.compile({ loss: 'mse', optimizer: sgd({ learningRate: lr }), l2 });
    m.trainBatch(x, y);
    for (let i = 0; i < w0.length; i++) expect(kernel.value[i]).toBeCloseTo(w0[i] - lr * (gk[i] + 2 * l2 * w0[i]), 6);
    for (let i = 0; i < b0.length; i++) expect(bias.value[i]).toBeCloseTo(b0[i] - lr * gb[i], 6);
  });

  it('refuses to train without a loss and optimizer, and after dispose', () => {
    const m = model();
    const session = cpuBackend().createSession({ layers: m.layers, inputShape: m.inputShape, outputShape: m.outputShape });
    const x = new Tensor(new Float32Array(3), [1, 3]);
    const y = new Tensor(new Float32Array(2), [1, 2]);
    expect(() => session.trainStep(x, y, true)).toThrow(/without a loss and optimizer/);
    expect(session.predict(x).shape).toEqual([1, 2]);
    session.dispose();
    expect(() => session.predict(x)).toThrow(/disposed/);
  });
});

describe('cpuBackend kernel options', () => {
  it('replace the process-wide switches: each session runs its own kernels, with the same results', () => {
    const x = new Tensor(
      Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i)),
      [40, 3],
    );
    const run = (backend: ReturnType<typeof cpuBackend>) => {
      const model = sequential({ inputShape: [3], seed: 4, layers: [dense(64), activation(tanh), dense(2)] });
      model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.1 }), backend });
      return Array.from(model.predict(x).data);
    };
    const js = run(cpuBackend({ kernels: { matmul: 'js', vmath: 'js', vmath32: 'js' } }));
    expect(matmulKernel()).toBe('js');
    const wasm = run(cpuBackend({ kernels: { matmul: 'auto', vmath: 'auto', vmath32: 'auto' } }));
    expect(matmulKernel()).toBe('wasm-simd');
    for (let i = 0; i < js.length; i++) expect(Math.abs(js[i] - wasm[i])).toBeLessThan(1e-5);
    run(cpuBackend({ kernels: { activationPrecision: 'float64' } }));
    expect(activationPrecision()).toBe('float64');
    setActivationPrecision('float32');
  });

  it('rejects unknown kernel modes', () => {
    expect(() => cpuBackend({ kernels: { matmul: 'gpu' as never } })).toThrow(/kernels.matmul/);
    expect(() => cpuBackend({ kernels: { activationPrecision: 'half' as never } })).toThrow(/activationPrecision/);
  });
});
