import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { allocKernelFloats, KernelArena } from './kernel-arena';
import { eluF32Into, eluGradF32Into, expF32Into, expm1F32Into, sigmoidF32Into, tanhF32Into, vmath32Kernel } from './vmath32';
import { WasmScratch } from './wasm-scratch';
import { firstDiff, IN_PLACE_LENGTHS, lcg, place, SENTINEL, ulpsOfExact, untouchedOutside } from './kernel-test-support';

// The truth for the in-place path is the copying path on plain Float32Arrays (itself checked against float64 Math
// in vmath32.test.ts), compared bit for bit, plus float64 Math within the documented bounds as an independent check.

type Run = (x: Float32Array, dy: Float32Array, out: Float32Array, n: number) => void;
const OPS: Record<string, { run: Run; binary: boolean; truth: (x: number, dy: number) => number; ulp: number }> = {
  exp: { run: (x, _d, y, n) => expF32Into(x, y, n), binary: false, truth: Math.exp, ulp: 1 },
  expm1: { run: (x, _d, y, n) => expm1F32Into(x, y, n), binary: false, truth: Math.expm1, ulp: 1.5 },
  sigmoid: {
    run: (x, _d, y, n) => sigmoidF32Into(x, y, n),
    binary: false,
    truth: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    ulp: 3,
  },
  tanh: { run: (x, _d, y, n) => tanhF32Into(x, y, n), binary: false, truth: Math.tanh, ulp: 3 },
  elu: {
    run: (x, _d, y, n) => eluF32Into(x, y, n, 1.5),
    binary: false,
    truth: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)),
    ulp: 2,
  },
  eluGrad: {
    run: (x, dy, dx, n) => eluGradF32Into(x, dy, dx, n, 1.5),
    binary: true,
    truth: (x, dy) => (x > 0 ? dy : 1.5 * Math.exp(x) * dy),
    ulp: 2.5,
  },
};

const LENGTHS = IN_PLACE_LENGTHS;

/** Seeded float32 inputs over [−20, 20] with the special values (NaN, ±∞, ±0) spread through. */
function inputs(n: number, seed: number): Float32Array {
  const r = lcg(seed);
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-30, -1e-30, 88.8];
  return Float32Array.from({ length: n }, (_, i) => (i % 97 === 5 ? specials[i % specials.length] : (r() - 0.5) * 40));
}

/** The copying path's result for plain arrays. */
function reference(op: string, x: Float32Array, dy: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  OPS[op].run(x.slice(), dy.slice(), out, x.length);
  return out;
}

describe('float32 exp-family kernels on KernelArena arrays (in place)', () => {
  beforeAll(() => {
    expect(vmath32Kernel()).toBe('wasm-simd');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const [op, { run, binary }] of Object.entries(OPS)) {
    it(`${op}: bit-identical to the copying path for every length and layout, nothing outside [0, n) written`, () => {
      const arena = new KernelArena(4 << 20);
      const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
      for (const n of LENGTHS) {
        const x = inputs(n, 11 + n);
        const dy = inputs(n, 29 + n).map((v) => (Number.isFinite(v) ? v / 7 : v));
        const want = reference(op, x, dy);
        for (const [sx, sd, so] of [
          [0, 0, 0],
          [1, 3, 5],
          [7, 2, 1],
        ]) {
          const X = place(arena, x, sx);
          const D = place(arena, dy, sd);
          const guard = arena.alloc(16).fill(SENTINEL);
          const O = place(arena, new Float32Array(n).fill(SENTINEL), so);
          const after = arena.alloc(16).fill(SENTINEL);
          copyIn.mockClear();
          run(X.view, D.view, O.view, n);
          expect(copyIn).not.toHaveBeenCalled();
          expect(firstDiff(O.view, want), `${op} n=${n} skew ${sx},${sd},${so}`).toBe(-1);
          expect(untouchedOutside(O.block, so, so + n)).toBe(true);
          expect(untouchedOutside(X.block, sx, sx + n)).toBe(true);
          expect(firstDiff(X.view, x)).toBe(-1);
          expect(firstDiff(D.view, dy)).toBe(-1);
          expect(untouchedOutside(guard, 0, 0) && untouchedOutside(after, 0, 0)).toBe(true);
        }
      }
    });

    it(`${op}: in place with the output aliasing ${binary ? 'dy, and x,' : 'x'} at odd offsets`, () => {
      const arena = new KernelArena(4 << 20);
      const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
      for (const n of LENGTHS) {
        const x = inputs(n, 5 + n);
        const dy = inputs(n, 41 + n);
        const want = reference(op, x, dy);
        const aliases = binary ? ['dy', 'x'] : ['x'];
        for (const alias of aliases) {
          const X = place(arena, x, 3);
          const D = place(arena, dy, 1);
          const next = arena.alloc(16).fill(SENTINEL);
          const out = alias === 'x' ? X : D;
          copyIn.mockClear();
          run(X.view, D.view, out.view, n);
          expect(copyIn).not.toHaveBeenCalled();
          expect(firstDiff(out.view, want), `${op} n=${n} out=${alias}`).toBe(-1);
          expect(untouchedOutside(out.block, out === X ? 3 : 1, (out === X ? 3 : 1) + n)).toBe(true);
          expect(untouchedOutside(next, 0, 0)).toBe(true);
          if (alias !== 'x') expect(firstDiff(X.view, x)).toBe(-1);
        }
      }
    });
  }

  it('stays within the documented float32 error bounds of float64 Math (independent of the copying path)', () => {
    const arena = new KernelArena(1 << 16);
    const n = 1000;
    const x = place(arena, inputs(n, 99), 1).view;
    const dy = place(
      arena,
      inputs(n, 98).map((v) => (Number.isFinite(v) ? v / 9 : 0.5)),
      0,
    ).view;
    const out = arena.alloc(n);
    for (const [op, { run, truth, ulp }] of Object.entries(OPS)) {
      run(x, dy, out, n);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, ulpsOfExact(out[i], truth(x[i], dy[i])));
      expect(worst, op).toBeLessThanOrEqual(ulp);
    }
  });

  it('takes the copying path, with the same results, for arrays of different arenas or partly overlapping', () => {
    const n = 1000 + 7;
    const x = inputs(n, 3);
    const want = new Float32Array(n);
    sigmoidF32Into(x.slice(), want, n);
    const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
    const arena = new KernelArena(1 << 16);
    const other = new KernelArena(n + 64);
    const xa = place(arena, x, 1).view;
    const yb = other.alloc(n);
    sigmoidF32Into(xa, yb, n);
    expect(copyIn).toHaveBeenCalled();
    expect(firstDiff(yb, want)).toBe(-1);
    const plainOut = new Float32Array(n);
    sigmoidF32Into(xa, plainOut, n);
    expect(firstDiff(plainOut, want)).toBe(-1);
    const X = place(arena, x, 2);
    const shifted = X.block.subarray(3, 3 + n); // one float past x: overlaps it
    copyIn.mockClear();
    sigmoidF32Into(X.view, shifted, n);
    expect(copyIn).toHaveBeenCalled();
    expect(firstDiff(shifted, want)).toBe(-1);
  });

  it('runs in place on allocKernelFloats arrays (the layer buffers)', () => {
    const n = 4099;
    const x = allocKernelFloats(n);
    x.set(inputs(n, 8));
    const y = allocKernelFloats(n);
    const want = new Float32Array(n);
    tanhF32Into(x.slice(), want, n);
    const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
    tanhF32Into(x, y, n);
    tanhF32Into(x, x, n);
    expect(copyIn).not.toHaveBeenCalled();
    expect(firstDiff(y, want)).toBe(-1);
    expect(firstDiff(x, want)).toBe(-1);
  });
});
