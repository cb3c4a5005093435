import { type KernelContext, setVmathKernel, type VmathKernelMode } from '@rectify/core';
import { afterEach, describe, expect, it } from 'vitest';
import { eluCpu } from './cpu-kernels';

const f32 = Math.fround;
const INF = Number.POSITIVE_INFINITY;
const E1 = 0.36787944117144233; // e^−1
const E20 = 2.061153622438558e-9; // e^−20

function ctx(length: number, alpha: number): KernelContext {
  return { length, channels: 1, inner: 1, hyper: { alpha }, params: {}, grads: {} };
}

// Hand-computed (x, alpha) → (y, dx for dy = 1), independent of the kernels.
const TABLE: [number, number, number, number][] = [
  [0, 1, 0, 1],
  [-0, 1, -0, 1],
  [f32(1e-40), 1, f32(1e-40), 1],
  [f32(-1e-40), 1, f32(-1e-40), 1],
  [2.5, 2, 2.5, 1],
  [-1, 1, f32(E1 - 1), f32(E1)],
  [-1, 2, f32(2 * (E1 - 1)), f32(2 * E1)],
  [-20, 1, -1, f32(E20)],
  [f32(3e38), 1, f32(3e38), 1],
  [f32(-3e38), 1, -1, 0],
  [INF, 0.5, INF, 1],
  [-INF, 0.5, -0.5, 0],
  [Number.NaN, 1, Number.NaN, Number.NaN],
];

afterEach(() => setVmathKernel('auto'));

// The table is replicated to 64 elements so that every lane position of the SIMD groups sees each case.
describe.each(['js', 'wasm'] as VmathKernelMode[])('ELU CPU kernels on the %s path', (mode) => {
  it.each(TABLE)('x = %s, alpha %s gives y = %s and dx = %s', (x, alpha, y, dx) => {
    setVmathKernel(mode);
    const n = 64;
    const xs = new Float32Array(n).fill(x);
    const ys = new Float32Array(n);
    const dxs = new Float32Array(n);
    eluCpu.forward(xs, ys, ctx(n, alpha));
    eluCpu.backward(xs, ys, new Float32Array(n).fill(1), dxs, ctx(n, alpha));
    for (let i = 0; i < n; i++) {
      expect(Object.is(ys[i]!, y), `y[${i}] = ${ys[i]!}`).toBe(true);
      expect(Object.is(dxs[i]!, dx), `dx[${i}] = ${dxs[i]!}`).toBe(true);
    }
  });

  it('keeps x = −1e−10 at full precision', () => {
    setVmathKernel(mode);
    const x = f32(-1e-10);
    const xs = new Float32Array(32).fill(x);
    const ys = new Float32Array(32);
    eluCpu.forward(xs, ys, ctx(32, 1));
    expect(Math.abs(ys[31]! - (x + (x * x) / 2)) / Math.abs(x)).toBeLessThan(2 ** -24);
  });
});
