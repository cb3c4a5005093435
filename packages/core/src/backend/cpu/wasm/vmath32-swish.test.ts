import { afterEach, describe, expect, it } from 'vitest';
import { allocKernelFloats } from './kernel-arena';
import { lcg } from './kernel-test-support';
import { setVmath32Kernel } from './vmath32';
import { swishF32Into, swishGradF32Into } from './vmath32-swish';

// Truths in float64 from the closed forms, with β·x exact (float32 × float32 fits a float64):
// Swish = x·σ(z), Swish′ = σ + z·σ(1 − σ), which for z < 0 is e(1 + z + e)/(1 + e)² with e = e^z, and ∂/∂β = x²σ(1 − σ).
const sigma = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const swish64 = (x: number, b: number) => x * sigma(b * x);
function swishPrime64(x: number, b: number): number {
  const z = b * x;
  if (z >= 0) return sigma(z) + z * sigma(z) * (1 - sigma(z));
  const e = Math.exp(z);
  return (e * (1 + z + e)) / (1 + e) ** 2;
}
const betaTerm64 = (x: number, b: number) => x * x * sigma(b * x) * (1 - sigma(b * x));

const ROOT = -1.278464542761074; // 1 + z + e^z = 0: where Swish′ crosses zero
const BETAS = [1, 0.7, -1.3, 2.5, 0.125].map(Math.fround);
const U = 2 ** -24;

/** Seeded x: wide, moderate, and every float32 within 2^15 steps of the zero of Swish′ (x = ROOT/β). */
function inputs(beta: number): Float32Array {
  const r = lcg(77);
  const wide = Array.from({ length: 1 << 16 }, () => (r() - 0.5) * 200);
  const moderate = Array.from({ length: 1 << 16 }, () => (r() - 0.5) * 8);
  const near = new Float32Array(1 << 16);
  const bits = new Uint32Array(near.buffer);
  const root = new Uint32Array(Float32Array.of(ROOT / beta).buffer)[0]!;
  for (let i = 0; i < near.length; i++) bits[i] = root - (1 << 15) + i;
  return Float32Array.from([...wide, ...moderate, ...near]);
}

describe('swishF32Into and swishGradF32Into', () => {
  afterEach(() => setVmath32Kernel('auto'));

  // Past |βx| ≈ 87 σ is a float32 subnormal, whose absolute error (2^−149 per rounding) x then multiplies.
  it('forward: within (4 + |βx|)·2^−24 relative (the |βx| part is the float32 rounding of βx)', () => {
    for (const beta of BETAS) {
      const x = inputs(beta);
      const y = new Float32Array(x.length);
      swishF32Into(x, y, x.length, beta);
      let bad = 0;
      for (let i = 0; i < x.length; i++) {
        const t = swish64(x[i]!, beta);
        const z = Math.abs(beta * x[i]!);
        if (Math.abs(y[i]! - t) > (4 + z) * U * Math.abs(t) + (2 + 2 * Math.abs(x[i]!)) * 2 ** -149) bad++;
      }
      expect(bad, `beta ${beta}`).toBe(0);
    }
  });

  // The rounding of βx enters σ(1 − σ) and, just outside the window around the zero where it is carried exactly,
  // 1 + z + e^z ≥ 0.16: hence up to 8|βx| ulp there.
  it('backward: dx within (10 + 8|βx|)·2^−24 relative everywhere, through the zero of Swish′ included', () => {
    for (const beta of BETAS) {
      const x = inputs(beta);
      const dy = new Float32Array(x.length).fill(1);
      const dx = new Float32Array(x.length);
      swishGradF32Into(x, dy, dx, x.length, beta);
      let bad = 0;
      let worstNearRoot = 0;
      for (let i = 0; i < x.length; i++) {
        const t = swishPrime64(x[i]!, beta);
        const rel = Math.abs(dx[i]! - t) / Math.abs(t);
        const z = Math.abs(beta * x[i]!);
        if (Math.abs(dx[i]! - t) > (10 + 8 * z) * U * Math.abs(t) + (4 + 4 * z) * 2 ** -149) bad++;
        if (i >= 2 << 16) worstNearRoot = Math.max(worstNearRoot, rel);
      }
      expect(bad, `beta ${beta}`).toBe(0);
      // The plain float32 sum σ + z·σ(1 − σ) is off by ~1e−8 absolute, so its relative error near the zero reaches 1.
      expect(worstNearRoot, `beta ${beta}`).toBeLessThan(1e-6);
    }
  });

  it('backward: returns Σ x²σ(1 − σ)·dy within 2e−6 of Σ|terms| for every length (lanes past n never counted)', () => {
    const r = lcg(5);
    for (const beta of BETAS) {
      for (const n of [1, 3, 5, 15, 16, 17, 31, 33, 129, 1000, 4099]) {
        const block = allocKernelFloats(3 * (n + 16));
        block.fill(Number.NaN); // whatever lies past n must not reach the sum
        const x = block.subarray(0, n);
        const dy = block.subarray(n + 16, 2 * n + 16);
        const dx = block.subarray(2 * (n + 16), 2 * (n + 16) + n);
        for (let i = 0; i < n; i++) {
          x[i] = (r() - 0.5) * 12;
          dy[i] = r() - 0.5;
        }
        let truth = 0;
        let size = 0;
        for (let i = 0; i < n; i++) {
          truth += betaTerm64(x[i]!, beta) * dy[i]!;
          size += Math.abs(betaTerm64(x[i]!, beta) * dy[i]!);
        }
        const inArena = swishGradF32Into(x, dy, dx, n, beta);
        const plain = swishGradF32Into(Float32Array.from(x), Float32Array.from(dy), new Float32Array(n), n, beta);
        expect(Math.abs(inArena - truth), `beta ${beta}, n ${n}`).toBeLessThanOrEqual(2e-6 * size);
        // The copying path sums in one call, the in-place one in two (whole groups, then the tail): same bound.
        expect(Math.abs(plain - truth), `beta ${beta}, n ${n}`).toBeLessThanOrEqual(2e-6 * size);
      }
    }
  });

  it('takes the limits at ±∞ and β = 0, and NaN gives NaN', () => {
    const x = Float32Array.of(Infinity, -Infinity, Number.NaN, 0, -0, 200, -200);
    const dy = new Float32Array(x.length).fill(2);
    const y = new Float32Array(x.length);
    const dx = new Float32Array(x.length);
    for (const mode of ['auto', 'js'] as const) {
      setVmath32Kernel(mode);
      swishF32Into(x, y, x.length, 1);
      // −0·σ(0) = −0, as PyTorch's SiLU; −200·σ(−200) underflows to a zero of either sign (float64 σ on the JS path).
      expect(Array.from(y.subarray(0, 6))).toEqual([Infinity, 0, Number.NaN, 0, -0, 200]);
      expect(Math.abs(y[6]!)).toBe(0);
      const g = swishGradF32Into(x, dy, dx, x.length, 1);
      expect(Array.from(dx.subarray(0, 6))).toEqual([2, 0, Number.NaN, 1, 1, 2]);
      expect(Math.abs(dx[6]!)).toBe(0);
      expect(g).toBeNaN(); // the NaN element's β term
      swishF32Into(x, y, x.length, 0);
      expect(Array.from(y)).toEqual([Infinity, -Infinity, Number.NaN, 0, -0, 100, -100]);
      const g0 = swishGradF32Into(x.subarray(3), dy.subarray(3), dx.subarray(3), 4, 0);
      expect(Array.from(dx.subarray(3))).toEqual([1, 1, 1, 1]);
      expect(g0).toBe(2 * 0.25 * (200 * 200 * 2)); // x²·σ(0)(1 − σ(0))·dy over ±200
    }
  });

  it('runs [offset, offset + length) only, bit for bit as a call on that slice, in kernel memory and on plain arrays', () => {
    const n = 300;
    const r = lcg(9);
    const src = Float32Array.from({ length: n }, () => (r() - 0.5) * 10);
    const dysrc = Float32Array.from({ length: n }, () => r() - 0.5);
    for (const alloc of [allocKernelFloats, (k: number) => new Float32Array(k)]) {
      const x = alloc(n);
      const dy = alloc(n);
      x.set(src);
      dy.set(dysrc);
      const y = alloc(n).fill(7);
      const dx = alloc(n).fill(7);
      swishF32Into(x, y, 100, 0.7, 37);
      const g = swishGradF32Into(x, dy, dx, 100, 0.7, 37);
      const ySlice = new Float32Array(100);
      const dxSlice = new Float32Array(100);
      swishF32Into(src.slice(37, 137), ySlice, 100, 0.7);
      const gSlice = swishGradF32Into(src.slice(37, 137), dysrc.slice(37, 137), dxSlice, 100, 0.7);
      expect(Array.from(y.subarray(37, 137))).toEqual(Array.from(ySlice));
      expect(Array.from(dx.subarray(37, 137))).toEqual(Array.from(dxSlice));
      expect(Math.abs(g - gSlice)).toBeLessThanOrEqual(1e-6 * Math.abs(gSlice)); // summed in other groupings
      expect([...y.subarray(0, 37), ...y.subarray(137)].every((v) => v === 7)).toBe(true);
      expect([...dx.subarray(0, 37), ...dx.subarray(137)].every((v) => v === 7)).toBe(true);
    }
  });
});
