import { type KernelContext, setVmathKernel, vmathKernel } from '@rectify/core';
import { firstDifference, mixedFloat32 } from '@rectify/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { leakyRelu } from './index';

const f32 = Math.fround;

/** Lengths around the SIMD threshold, the 8-float groups and the 2^16-element slices. */
const LENGTHS = [1, 2, 3, 5, 16, 255, 256, 257, 1003, 65536 + 37];

function ctx(length: number, negativeSlope: number): KernelContext {
  return { length, channels: 1, inner: 1, hyper: leakyRelu.resolve({ negativeSlope }), params: {}, grads: {} };
}

/** Forward and backward outputs for x[0, n) and dy[0, n) in `mode`, calling the kernels per block of `block`. */
function run(mode: 'js' | 'auto', x: Float32Array, dy: Float32Array, n: number, slope: number, block = n) {
  setVmathKernel(mode);
  const y = new Float32Array(n + 3).fill(42);
  const dx = new Float32Array(n + 3).fill(42);
  for (let s = 0; s < n; s += block) {
    const e = Math.min(n, s + block);
    const c = ctx(e - s, slope);
    leakyRelu.cpu.forward(x.subarray(s, e), y.subarray(s, e), c);
    leakyRelu.cpu.backward(x.subarray(s, e), y.subarray(s, e), dy.subarray(s, e), dx.subarray(s, e), c);
  }
  return { y, dx };
}

const SLOPES = [0.01, 0.25, 0, -0, 1e17, 1, 1.7, 0.3, 2.5, 1e-40];

describe('leakyRelu CPU kernels: WebAssembly SIMD path', () => {
  afterEach(() => setVmathKernel('auto'));

  it('is available here, so the comparisons below exercise it', () => {
    expect(vmathKernel()).toBe('wasm-simd');
  });

  it.each(SLOPES)('gives the JavaScript loops’ bits for every length and edge value, whole or block-wise (slope %s)', (s) => {
    for (const n of LENGTHS) {
      const x = mixedFloat32(n + 3, n);
      const dy = mixedFloat32(n + 3, n + 7);
      const js = run('js', x, dy, n, s);
      const simd = run('auto', x, dy, n, s);
      const blocks = run('auto', x, dy, n, s, 300);
      expect(firstDifference(simd.y, js.y), `y, n = ${n}`).toBe(-1);
      expect(firstDifference(simd.dx, js.dx), `dx, n = ${n}`).toBe(-1);
      expect(firstDifference(blocks.y, js.y), `block-wise y, n = ${n}`).toBe(-1);
      expect(firstDifference(blocks.dx, js.dx), `block-wise dx, n = ${n}`).toBe(-1);
      expect(Array.from(js.y.subarray(n))).toEqual([42, 42, 42]);
    }
  });

  it.each(['js', 'auto'] as const)(
    'both paths equal the float64 branchy form x > 0 ? x : s·x bit for bit, signed zeros included (%s)',
    (mode) => {
      const n = 2048;
      const x = mixedFloat32(n, 11);
      const dy = mixedFloat32(n, 12);
      for (const s of SLOPES) {
        const { y, dx } = run(mode, x, dy, n, s);
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          expect(Object.is(y[i]!, f32(v > 0 ? v : s * v)), `y at x = ${v}, s = ${s}`).toBe(true);
          const d = Number.isNaN(v) ? v : v > 0 ? dy[i]! : s * dy[i]!;
          expect(Object.is(dx[i]!, f32(d)), `dx at x = ${v}, dy = ${dy[i]!}, s = ${s}`).toBe(true);
        }
      }
    },
  );
});
