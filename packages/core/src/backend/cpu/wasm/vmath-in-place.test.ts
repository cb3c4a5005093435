import { afterEach, describe, expect, it, vi } from 'vitest';
import { KernelArena } from './kernel-arena';
import { eluGradInto, expm1Into, sigmoidGradInto, sigmoidInto, tanhGradInto, tanhInto, vmathKernel } from './vmath';
import { WasmScratch } from './wasm-scratch';
import { IN_PLACE_LENGTHS, SENTINEL, firstDiff } from './kernel-test-support';

// The float64 module (sigmoid and tanh backward) on KernelArena arrays: truth is its copying path on plain arrays
// (checked against float64 Math in vmath.test.ts), bit for bit, plus the closed forms of the two gradients.

type Run = (a: Float32Array, b: Float32Array, out: Float32Array, n: number) => void;
const OPS: Record<string, Run> = {
  expm1: (x, _b, y, n) => expm1Into(x, y, n),
  sigmoid: (x, _b, y, n) => sigmoidInto(x, y, n),
  tanh: (x, _b, y, n) => tanhInto(x, y, n),
  sigmoidGrad: (y, dy, dx, n) => sigmoidGradInto(y, dy, dx, n),
  tanhGrad: (y, dy, dx, n) => tanhGradInto(y, dy, dx, n),
  eluGrad: (x, dy, dx, n) => eluGradInto(x, dy, dx, n, 0.7),
};
const LENGTHS = IN_PLACE_LENGTHS;

function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296 - 0.5) * scale;
  });
}

describe('float64 exp-family kernels on KernelArena arrays (in place)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const [name, run] of Object.entries(OPS)) {
    it(`${name}: bit-identical to the copying path, in place and aliased, nothing outside [0, n) written`, () => {
      expect(vmathKernel()).toBe('wasm-simd');
      const arena = new KernelArena(4 << 20);
      const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
      for (const n of LENGTHS) {
        const a = values(n, 3 + n, 2); // also a valid sigmoid/tanh output range for the gradients
        const b = values(n, 9 + n, 10);
        const want = new Float32Array(n);
        run(a.slice(), b.slice(), want, n);
        for (const alias of ['none', 'a', 'b']) {
          const A = arena.alloc(n + 20).fill(SENTINEL);
          const B = arena.alloc(n + 20).fill(SENTINEL);
          const O = arena.alloc(n + 20).fill(SENTINEL);
          const av = A.subarray(1, 1 + n);
          const bv = B.subarray(3, 3 + n);
          av.set(a);
          bv.set(b);
          const [block, skew] = alias === 'a' ? [A, 1] : alias === 'b' ? [B, 3] : [O, 5];
          const out = block.subarray(skew, skew + n);
          copyIn.mockClear();
          run(av, bv, out, n);
          expect(copyIn).not.toHaveBeenCalled();
          expect(firstDiff(out, want), `${name} n=${n} out=${alias}`).toBe(-1);
          for (let i = 0; i < block.length; i++) if (i < skew || i >= skew + n) expect(block[i]).toBe(SENTINEL);
        }
      }
    });
  }

  it('sigmoid and tanh gradients in place follow their closed forms y(1 − y)dy and (1 − y²)dy', () => {
    const arena = new KernelArena(8192);
    const n = 999;
    const y = arena.alloc(n);
    y.set(values(n, 5, 2));
    const dy = arena.alloc(n);
    dy.set(values(n, 6, 4));
    const dx = arena.alloc(n);
    sigmoidGradInto(y, dy, dx, n);
    for (let i = 0; i < n; i++) expect(dx[i]).toBe(Math.fround(y[i] * (1 - y[i]) * dy[i]));
    tanhGradInto(y, dy, dx, n);
    for (let i = 0; i < n; i++) expect(dx[i]).toBe(Math.fround((1 - y[i] * y[i]) * dy[i]));
  });
});
