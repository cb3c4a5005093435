import { afterEach, describe, expect, it } from 'vitest';
import { KernelArena } from './kernel-arena';
import { firstDiff, IN_PLACE_LENGTHS, lcg, place, untouchedOutside } from './kernel-test-support';
import { divF32Into, mulF32Into, setVmath32Kernel, vmath32Kernel } from './vmath32';

// The truth is IEEE arithmetic itself: a float32 product or quotient is the float64 one of the same operands rounded
// once (53 ≥ 2·24 + 2 bits, so the double rounding is exact), i.e. Math.fround(a * b). Compared bit for bit.

const OPS = {
  mul: { run: mulF32Into, truth: (a: number, b: number) => Math.fround(a * b) },
  div: { run: divF32Into, truth: (a: number, b: number) => Math.fround(a / b) },
} as const;

const SPECIALS = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38, 1, -1];

/** Operands over the whole float32 range (random exponents), the special values against each other first. */
function operands(n: number, seed: number): [Float32Array, Float32Array] {
  const r = lcg(seed);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const pair = i < SPECIALS.length ** 2;
    a[i] = pair ? SPECIALS[Math.floor(i / SPECIALS.length)]! : (r() - 0.5) * 2 ** Math.floor(r() * 260 - 130);
    b[i] = pair ? SPECIALS[i % SPECIALS.length]! : (r() - 0.5) * 2 ** Math.floor(r() * 260 - 130);
  }
  return [a, b];
}

function expected(op: keyof typeof OPS, a: Float32Array, b: Float32Array): Float32Array {
  return Float32Array.from(a, (v, i) => OPS[op].truth(v, b[i]!));
}

afterEach(() => setVmath32Kernel('auto'));

describe.each(['wasm', 'js'] as const)('mulF32Into and divF32Into (%s)', (mode) => {
  it('run on the implementation asked for', () => {
    setVmath32Kernel(mode);
    expect(vmath32Kernel()).toBe(mode === 'wasm' ? 'wasm-simd' : 'js');
  });

  for (const op of ['mul', 'div'] as const) {
    it(`${op}: bit for bit IEEE float32 over the whole range and the special values, writing [0, length) only`, () => {
      setVmath32Kernel(mode);
      for (const n of [1, 3, 4, 17, 144, 5000, (1 << 18) + 37]) {
        const [a, b] = operands(n, 7 + n);
        const y = new Float32Array(n + 5).fill(42);
        OPS[op].run(a, b, y, n);
        expect(firstDiff(y.subarray(0, n), expected(op, a, b)), `n = ${n}`).toBe(-1);
        expect(Array.from(y.subarray(n))).toEqual([42, 42, 42, 42, 42]);
      }
    });

    it(`${op}: the output may be either input`, () => {
      setVmath32Kernel(mode);
      const [a, b] = operands(1000, 3);
      const truth = expected(op, a, b);
      const a1 = a.slice();
      OPS[op].run(a1, b, a1, a.length);
      expect(firstDiff(a1, truth)).toBe(-1);
      const b1 = b.slice();
      OPS[op].run(a, b1, b1, a.length);
      expect(firstDiff(b1, truth)).toBe(-1);
    });
  }
});

describe('mulF32Into and divF32Into on kernel memory (in place, no copies)', () => {
  it.each(['mul', 'div'] as const)('%s gives the same bits in place, at any alignment, and writes nothing else', (op) => {
    for (const n of IN_PLACE_LENGTHS) {
      const arena = new KernelArena(8 * n + 8192);
      for (const skew of [0, 3]) {
        const [a, b] = operands(n, 11 + n);
        const A = place(arena, a, skew);
        const B = place(arena, b, skew + 1);
        const Y = place(arena, new Float32Array(n), skew + 2);
        OPS[op].run(A.view, B.view, Y.view, n);
        expect(firstDiff(Y.view, expected(op, a, b)), `n = ${n}, skew = ${skew}`).toBe(-1);
        expect(untouchedOutside(Y.block, skew + 2, skew + 2 + n)).toBe(true);
      }
    }
  });
});
