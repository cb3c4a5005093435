import { afterEach, describe, expect, it } from 'vitest';
import { allocKernelFloats } from './kernel-arena';
import { lcg, ulpsOfExact } from './kernel-test-support';
import { setVmath32Kernel } from './vmath32';
import { erfF32Into } from './vmath32-swish';

/**
 * Float64 erf, independent of the kernel's fitted forms: the Maclaurin series below 2.5 (terms shrink past n ≈ x², all
 * kept to 1e−17 relative) and the Laplace continued fraction of erfc above (60 terms, converged far past float32).
 */
function erf64(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = a;
    let sum = a;
    for (let n = 1; Math.abs(term) > 1e-17 * sum; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return x < 0 || Object.is(x, -0) ? -sum * (2 / Math.sqrt(Math.PI)) : sum * (2 / Math.sqrt(Math.PI));
  }
  let cf = a;
  for (let k = 60; k >= 1; k--) cf = a + k / 2 / cf;
  const one = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / cf;
  return x < 0 ? -one : one;
}

const N = 1 << 19;
function inputs(): Float32Array[] {
  const r = lcg(20261204);
  const gens = [
    () => (r() - 0.5) * 12, // the whole transition and both saturated tails
    () => (r() - 0.5) * 2, // the polynomial side and its switch at 0.921875
    () => (r() < 0.5 ? -1 : 1) * 2 ** (-126 * r()), // tiny magnitudes, where erf(x) ≈ 1.128·x
    () => (r() < 0.5 ? -1 : 1) * 2 ** -149 * Math.floor(r() * 2 ** 23), // subnormals
  ];
  return gens.map((g) => Float32Array.from({ length: N }, g));
}
const SETS = inputs();

function maxUlps(): number {
  let worst = 0;
  const y = new Float32Array(N);
  for (const x of SETS) {
    erfF32Into(x, y, N);
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpsOfExact(y[i], erf64(x[i])));
  }
  return worst;
}

describe('erfF32Into', () => {
  afterEach(() => setVmath32Kernel('auto'));

  it('has a float64 reference that matches known values of erf', () => {
    // Python's math.erf (a separate implementation) at these points.
    expect(erf64(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf64(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf64(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf64(2.5)).toBeCloseTo(0.999593047982555, 15);
    expect(erf64(3)).toBeCloseTo(0.9999779095030014, 15);
    expect(erf64(-1.5)).toBeCloseTo(-0.9661051464753108, 15);
  });

  it('stays within 2 ulp of erf over 4·2^19 seeded inputs, on WebAssembly SIMD and on the JavaScript path', () => {
    const simd = maxUlps();
    setVmath32Kernel('js');
    const js = maxUlps();
    expect(simd).toBeLessThanOrEqual(2);
    expect(js).toBeLessThanOrEqual(2);
  });

  it('gives the special values exactly: ±0 kept, ±1 in the tails and at ±∞, NaN for NaN', () => {
    const x = Float32Array.of(0, -0, Infinity, -Infinity, Number.NaN, 3.92, -3.93, 10, -1e30, 1e-45);
    const y = new Float32Array(x.length);
    for (const mode of ['auto', 'js'] as const) {
      setVmath32Kernel(mode);
      erfF32Into(x, y, x.length);
      expect(Array.from(y.subarray(0, 9))).toEqual([0, -0, 1, -1, Number.NaN, 1, -1, 1, -1]);
      expect(Object.is(y[1], -0)).toBe(true);
      expect(y[9]).toBe(Math.fround(erf64(1e-45)));
    }
  });

  it('runs in place in kernel memory with the same bits as on plain arrays', () => {
    const n = 1003; // not a multiple of 16: the in-place path ends with a tail
    const x = allocKernelFloats(n);
    x.set(SETS[0]!.subarray(0, n));
    const plain = new Float32Array(n);
    erfF32Into(Float32Array.from(x), plain, n);
    erfF32Into(x, x, n);
    expect(Array.from(x)).toEqual(Array.from(plain));
  });
});
