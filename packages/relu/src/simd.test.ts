import { type KernelContext, setVmathKernel, vmathKernel } from '@rectify/core';
import { firstDifference, mixedFloat32 } from '@rectify/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { relu } from './index';

const f32 = Math.fround;
const INF = Number.POSITIVE_INFINITY;

/** Lengths around the SIMD threshold, the 8-float groups and the 2^16-element slices. */
const LENGTHS = [1, 2, 3, 5, 16, 255, 256, 257, 1003, 65536 + 37];

function ctx(length: number, cap: number): KernelContext {
  return { length, channels: 1, inner: 1, hyper: relu.resolve({ cap }), params: {}, grads: {} };
}

/** Forward and backward outputs for x[0, n) and dy[0, n) in `mode`, calling the kernels per block of `block`. */
function run(mode: 'js' | 'auto', x: Float32Array, dy: Float32Array, n: number, cap: number, block = n) {
  setVmathKernel(mode);
  const y = new Float32Array(n + 3).fill(42);
  const dx = new Float32Array(n + 3).fill(42);
  for (let s = 0; s < n; s += block) {
    const e = Math.min(n, s + block);
    const c = ctx(e - s, cap);
    relu.cpu.forward(x.subarray(s, e), y.subarray(s, e), c);
    relu.cpu.backward(x.subarray(s, e), y.subarray(s, e), dy.subarray(s, e), dx.subarray(s, e), c);
  }
  return { y, dx };
}

describe('relu CPU kernels: WebAssembly SIMD path', () => {
  afterEach(() => setVmathKernel('auto'));

  it('is available here, so the comparisons below exercise it', () => {
    expect(vmathKernel()).toBe('wasm-simd');
  });

  it.each([INF, 6, 6.0000001, 5.9999999, 3.4028234663852886e38, 0.5])(
    'gives the JavaScript loops’ bits for every length and edge value, whole or block-wise (cap %s)',
    (cap) => {
      for (const n of LENGTHS) {
        const x = mixedFloat32(n + 3, n, [cap]);
        const dy = mixedFloat32(n + 3, n + 7);
        const js = run('js', x, dy, n, cap);
        const simd = run('auto', x, dy, n, cap);
        const blocks = run('auto', x, dy, n, cap, 300);
        expect(firstDifference(simd.y, js.y), `y, n = ${n}`).toBe(-1);
        expect(firstDifference(simd.dx, js.dx), `dx, n = ${n}`).toBe(-1);
        expect(firstDifference(blocks.y, js.y), `block-wise y, n = ${n}`).toBe(-1);
        expect(firstDifference(blocks.dx, js.dx), `block-wise dx, n = ${n}`).toBe(-1);
        expect(Array.from(js.y.subarray(n))).toEqual([42, 42, 42]);
      }
    },
  );

  it('matches the float64 definition: min(x < 0 ? 0 : x, cap) (relu(−0) = −0) and dy·(0 < x < cap) + 0, NaN x → NaN', () => {
    const n = 4096;
    const x = mixedFloat32(n, 5, [6]);
    const dy = mixedFloat32(n, 6);
    const { y, dx } = run('auto', x, dy, n, 6);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      // biome-ignore lint/complexity/useMathMinMax: Math.max(−0, 0) is +0; the ternary keeps −0.
      expect(Object.is(y[i]!, f32(Math.min(v < 0 ? 0 : v, 6))), `y at x = ${v}`).toBe(true);
      const d = Number.isNaN(v) ? v : dy[i]! * (v > 0 && v < 6 ? 1 : 0) + 0;
      expect(Object.is(dx[i]!, f32(d)), `dx at x = ${v}, dy = ${dy[i]!}`).toBe(true);
    }
  });
});
