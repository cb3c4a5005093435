import { describe, expect, it } from 'vitest';
import { randomValues } from '../../../test/support/gradcheck';
import { scaledTanh } from '../../../test/support/scaled-tanh';
import { defineActivation } from '../../activation/define';
import { sigmoid, tanh } from '../../activations';
import { activation, dense } from '../../builtin-layers';
import type { ActivationLayer } from '../../layers/activation-layer';
import { sequential } from '../../model/sequential';
import { sgd } from '../../optimizers';
import { Tensor } from '../../tensor';
import { cpuBackend } from './session';

/** tanh through Math.tanh, recording the length of every forward and backward kernel call. */
function spyTanh(calls: { pass: 'fwd' | 'bwd'; length: number }[]) {
  return defineActivation({
    name: 'spy-tanh',
    apiVersion: 1,
    cpu: {
      forward(x, y, { length }) {
        calls.push({ pass: 'fwd', length });
        for (let i = 0; i < length; i++) y[i] = Math.tanh(x[i]);
      },
      backward(_x, y, dy, dx, { length }) {
        calls.push({ pass: 'bwd', length });
        for (let i = 0; i < length; i++) dx[i] = (1 - y[i] * y[i]) * dy[i];
      },
    },
  });
}

/** Dense layers of several widths, with and without bias, before element-wise and learnable activations. */
function model(fuse: boolean, calls: { pass: 'fwd' | 'bwd'; length: number }[] = []) {
  return sequential({
    inputShape: [9],
    seed: 7,
    layers: [
      dense(300),
      activation(spyTanh(calls)),
      dense(7, { useBias: false }),
      activation(sigmoid),
      dense(12),
      activation(scaledTanh, { numParameters: 12 }),
      dense(5),
      activation(tanh),
      dense(3),
    ],
  }).compile({ loss: 'mse', optimizer: sgd({ learningRate: 0.05 }), backend: cpuBackend({ fuse }) });
}

function batch(rows: number, seed: number) {
  return {
    x: new Tensor(randomValues(rows * 9, seed, 2), [rows, 9]),
    y: new Tensor(randomValues(rows * 3, seed + 1), [rows, 3]),
  };
}

function expectSameBits(a: Float32Array, b: Float32Array, what: string) {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: fused ${a[i]} ≠ unfused ${b[i]}`);
  }
}

describe('cpu session: dense + activation fusion', () => {
  it('gives bit-identical losses, weights and predictions to the unfused layers over many steps and batch sizes', () => {
    const fused = model(true);
    const plain = model(false);
    // 40 rows of 300 units make uneven blocks; 3 rows is a single block; 700 rows make many.
    const sizes = [40, 3, 700, 40, 129];
    for (let step = 0; step < 25; step++) {
      const { x, y } = batch(sizes[step % sizes.length], 100 + step);
      const lf = fused.trainBatch(x, y);
      const lp = plain.trainBatch(x, y);
      expect(Object.is(lf, lp), `loss of step ${step}`).toBe(true);
    }
    const pf = fused.paramRefs();
    const pp = plain.paramRefs();
    expect(pf.map((r) => r.id)).toEqual(pp.map((r) => r.id));
    for (let i = 0; i < pf.length; i++) {
      expectSameBits(pf[i].param.value, pp[i].param.value, pf[i].id);
      expectSameBits(pf[i].param.grad, pp[i].param.grad, `${pf[i].id}.grad`);
    }
    const { x } = batch(57, 999);
    expectSameBits(fused.predict(x).data, plain.predict(x).data, 'predict');
  });

  it('runs the activation kernel per row block of the dense output, forward and backward', () => {
    const fusedCalls: { pass: 'fwd' | 'bwd'; length: number }[] = [];
    const plainCalls: { pass: 'fwd' | 'bwd'; length: number }[] = [];
    const fused = model(true, fusedCalls);
    const plain = model(false, plainCalls);
    const { x, y } = batch(40, 1);
    fused.trainBatch(x, y);
    plain.trainBatch(x, y);
    // 300 units: blocks of ⌊4096 / 300⌋ = 13 rows, the last one also taking the remainder (13, 13, 14 rows).
    expect(fusedCalls).toEqual([
      { pass: 'fwd', length: 13 * 300 },
      { pass: 'fwd', length: 13 * 300 },
      { pass: 'fwd', length: 14 * 300 },
      { pass: 'bwd', length: 13 * 300 },
      { pass: 'bwd', length: 13 * 300 },
      { pass: 'bwd', length: 14 * 300 },
    ]);
    expect(plainCalls).toEqual([
      { pass: 'fwd', length: 40 * 300 },
      { pass: 'bwd', length: 40 * 300 },
    ]);
  });

  it('leaves the layers usable on their own: a standalone forward chain matches predict bit for bit', () => {
    const m = model(true);
    const { x, y } = batch(40, 5);
    m.trainBatch(x, y);
    const expected = Float32Array.from(m.predict(x).data);
    let h = x;
    for (const layer of m.layers) h = layer.forward(h, false);
    expectSameBits(h.data, expected, 'layer by layer');
    // The activation's own backward still works after a fused forward.
    const act = m.layers[1] as ActivationLayer;
    m.predict(x);
    const dx = act.backward(new Tensor(new Float32Array(40 * 300).fill(1), [40, 300]));
    expect(dx.shape).toEqual([40, 300]);
  });

  it('rejects a fuse option that is not a boolean', () => {
    expect(() => cpuBackend({ fuse: 'yes' as unknown as boolean })).toThrow(/fuse must be true or false/);
  });
});
