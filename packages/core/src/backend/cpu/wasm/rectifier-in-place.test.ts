import { afterEach, describe, expect, it, vi } from 'vitest';
import { KernelArena } from './kernel-arena';
import { type RectifierBinary, type RectifierUnary, WasmRectifier } from './rectifier-kernel';
import { WasmScratch } from './wasm-scratch';
import { IN_PLACE_LENGTHS, SENTINEL, firstDiff, lcg, place, untouchedOutside } from './kernel-test-support';

// The truth for the in-place path is the copying path on plain Float32Arrays (itself checked against the plugins'
// JavaScript kernels in rectifier.test.ts), compared bit for bit, plus a closed form for ReLU.

const kernel = WasmRectifier.create() as WasmRectifier;
const LENGTHS = IN_PLACE_LENGTHS;

type Op = (x: Float32Array, dy: Float32Array, out: Float32Array, n: number) => number;
const unary =
  (fn: RectifierUnary, k: number): Op =>
  (x, _d, y, n) => {
    kernel.unary(fn, x, y, n, k);
    return 0;
  };
const binary =
  (fn: RectifierBinary, k: number): Op =>
  (x, d, dx, n) => {
    kernel.binary(fn, x, d, dx, n, k);
    return 0;
  };
const OPS: Record<string, { run: Op; binary: boolean }> = {
  relu: { run: unary('relu', 0), binary: false },
  reluCap: { run: unary('reluCap', 6), binary: false },
  leaky: { run: unary('leaky', 0.1), binary: false },
  leaky32: { run: unary('leaky32', Math.fround(0.2)), binary: false },
  reluGrad: { run: binary('reluGrad', 6), binary: true },
  leakyGrad: { run: binary('leakyGrad', 0.1), binary: true },
  leakyGrad32: { run: binary('leakyGrad32', Math.fround(0.2)), binary: true },
  leakyGradSum: { run: (x, d, dx, n) => kernel.leakyGradSum(x, d, dx, n, Math.fround(0.2), 0.25), binary: true },
};

function inputs(n: number, seed: number): Float32Array {
  const r = lcg(seed);
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 6, 1e-40];
  return Float32Array.from({ length: n }, (_, i) => (i % 89 === 3 ? specials[i % specials.length] : (r() - 0.5) * 20));
}

describe('rectifier kernels on KernelArena arrays (in place)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const [name, { run, binary }] of Object.entries(OPS)) {
    it(`${name}: bit-identical to the copying path at every length, skew and aliasing, nothing else written`, () => {
      const arena = new KernelArena(6 << 20);
      const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
      for (const n of LENGTHS) {
        const x = inputs(n, 7 + n);
        const dy = inputs(n, 13 + n);
        const want = new Float32Array(n);
        const wantSum = run(x.slice(), dy.slice(), want, n);
        const layouts: [number, number, number, string][] = [
          [0, 0, 0, 'separate'],
          [1, 3, 5, 'separate'],
          [3, 1, 0, 'x'],
        ];
        if (binary) layouts.push([2, 7, 0, 'dy']);
        for (const [sx, sd, so, alias] of layouts) {
          const X = place(arena, x, sx);
          const D = place(arena, dy, sd);
          const O = alias === 'x' ? X : alias === 'dy' ? D : place(arena, new Float32Array(n).fill(SENTINEL), so);
          const oSkew = alias === 'x' ? sx : alias === 'dy' ? sd : so;
          const next = arena.alloc(16).fill(SENTINEL);
          copyIn.mockClear();
          const sum = run(X.view, D.view, O.view, n);
          expect(copyIn).not.toHaveBeenCalled();
          expect(firstDiff(O.view, want), `${name} n=${n} ${sx},${sd},${so} out=${alias}`).toBe(-1);
          expect(Object.is(sum, wantSum), `${name} sum n=${n}`).toBe(true);
          expect(untouchedOutside(O.block, oSkew, oSkew + n)).toBe(true);
          expect(untouchedOutside(next, 0, 0)).toBe(true);
          if (alias !== 'x') expect(firstDiff(X.view, x)).toBe(-1);
          if (alias !== 'dy' && binary) expect(firstDiff(D.view, dy)).toBe(-1);
        }
      }
    });
  }

  it('relu in place matches the closed form x < 0 ? +0 : x (−0 kept)', () => {
    const arena = new KernelArena(4096);
    const x = place(arena, inputs(1001, 5), 1).view;
    const y = arena.alloc(1001);
    kernel.unary('relu', x, y, 1001, 0);
    // biome-ignore lint/complexity/useMathMinMax: Math.max(−0, 0) is +0; the ternary keeps −0.
    for (let i = 0; i < 1001; i++) expect(Object.is(y[i], x[i]! < 0 ? 0 : x[i])).toBe(true);
  });

  it('takes the copying path for arrays of different arenas, with the same results', () => {
    const n = 1003;
    const x = inputs(n, 1);
    const want = new Float32Array(n);
    kernel.unary('leaky32', x, want, n, Math.fround(0.2));
    const copyIn = vi.spyOn(WasmScratch.prototype, 'copyIn');
    const xa = place(new KernelArena(4096), x, 1).view;
    const yb = new KernelArena(4096).alloc(n);
    kernel.unary('leaky32', xa, yb, n, Math.fround(0.2));
    expect(copyIn).toHaveBeenCalled();
    expect(firstDiff(yb, want)).toBe(-1);
  });
});
