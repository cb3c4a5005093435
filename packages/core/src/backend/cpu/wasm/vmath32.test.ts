import { afterEach, describe, expect, it } from 'vitest';
import { lcg, ulpsOfExact } from './kernel-test-support';
import {
  eluF32Into,
  eluGradF32Into,
  expF32Into,
  expm1F32Into,
  setVmath32Kernel,
  sigmoidF32Into,
  tanhF32Into,
  vmath32Kernel,
} from './vmath32';

// Truths are float64 Math (≤ 1 float64 ulp, i.e. exact at float32 resolution) and a float64 sigmoid.
const sigmoid64 = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const N = 1 << 20;
/** Seeded inputs: uniform over the whole useful range, over [−4, 4], log-uniform tiny magnitudes, the subnormal tail. */
function inputs(seed: number): Float32Array[] {
  const r = lcg(seed);
  const gens = [
    () => (r() - 0.5) * 240,
    () => (r() - 0.5) * 8,
    () => (r() < 0.5 ? -1 : 1) * 2 ** (-40 * r()),
    () => -87 - 18 * r(),
  ];
  return gens.map((g) => Float32Array.from({ length: N }, g));
}
const SETS = inputs(20261128);

function maxUlps(run: (x: Float32Array, y: Float32Array) => void, truth: (x: number) => number): number {
  let worst = 0;
  const y = new Float32Array(N);
  for (const x of SETS) {
    run(x, y);
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpsOfExact(y[i], truth(x[i])));
  }
  return worst;
}

describe('float32 SIMD math (vmath32)', () => {
  afterEach(() => setVmath32Kernel('auto'));

  it('runs on WebAssembly SIMD in Node', () => {
    expect(vmath32Kernel()).toBe('wasm-simd');
  });

  it('stays within the documented ulp bounds over 4·2^20 seeded inputs', () => {
    const exp = maxUlps((x, y) => expF32Into(x, y, N), Math.exp);
    const expm1 = maxUlps((x, y) => expm1F32Into(x, y, N), Math.expm1);
    const sig = maxUlps((x, y) => sigmoidF32Into(x, y, N), sigmoid64);
    const tanh = maxUlps((x, y) => tanhF32Into(x, y, N), Math.tanh);
    const elu = maxUlps(
      (x, y) => eluF32Into(x, y, N, 1),
      (v) => (v > 0 ? v : Math.expm1(v)),
    );
    const ones = new Float32Array(N).fill(1);
    const grad = maxUlps(
      (x, y) => eluGradF32Into(x, ones, y, N, 1),
      (v) => (v > 0 ? 1 : Math.exp(v)),
    );
    console.info(`vmath32 max ulp: exp ${exp}, expm1 ${expm1}, sigmoid ${sig}, tanh ${tanh}, elu ${elu}, eluGrad ${grad}`);
    expect(exp).toBeLessThanOrEqual(1);
    expect(expm1).toBeLessThanOrEqual(1.5);
    expect(sig).toBeLessThanOrEqual(3);
    expect(tanh).toBeLessThanOrEqual(3);
    expect(elu).toBeLessThanOrEqual(1);
    expect(grad).toBeLessThanOrEqual(1);
  }, 60_000); // 24 float64 reference sweeps over 4·2^20 inputs: seconds on a busy 2-core machine

  it('keeps ELU with alpha ≠ 1 and its gradient times dy within 2 and 2.5 ulp', () => {
    const x = SETS[1];
    const r = lcg(7);
    const dy = Float32Array.from({ length: N }, () => r() * 4 - 2);
    const y = new Float32Array(N);
    const a = Math.fround(1.7);
    eluF32Into(x, y, N, a);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpsOfExact(y[i], x[i] > 0 ? x[i] : a * Math.expm1(x[i])));
    expect(worst).toBeLessThanOrEqual(2);
    eluGradF32Into(x, dy, y, N, a);
    worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, ulpsOfExact(y[i], x[i] > 0 ? dy[i] : a * Math.exp(x[i]) * dy[i]));
    expect(worst).toBeLessThanOrEqual(2.5);
  });

  it('keeps full relative precision for tiny arguments', () => {
    const x = Float32Array.of(-1e-10, 1e-10, -1e-30, 3e-38, -1e-45, 2 ** -20);
    const y = new Float32Array(x.length);
    eluF32Into(x, y, x.length, 1);
    for (let i = 0; i < x.length; i++) expect(ulpsOfExact(y[i], x[i] > 0 ? x[i] : Math.expm1(x[i]))).toBeLessThan(2);
    expm1F32Into(x, y, x.length);
    for (let i = 0; i < x.length; i++) expect(ulpsOfExact(y[i], Math.expm1(x[i]))).toBeLessThan(2);
    tanhF32Into(x, y, x.length);
    for (let i = 0; i < x.length; i++) expect(ulpsOfExact(y[i], Math.tanh(x[i]))).toBeLessThan(3);
  });

  it('gives special values exactly', () => {
    const inf = Number.POSITIVE_INFINITY;
    const x = Float32Array.of(Number.NaN, inf, -inf, 0, -0, 89, -104, 1000, -1000, 88.7, -87.5);
    const y = new Float32Array(x.length);
    expF32Into(x, y, x.length);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, inf, 0, 1, 1, inf, 0, inf, 0]);
    expect(ulpsOfExact(y[9], Math.exp(x[9]))).toBeLessThanOrEqual(1);
    expect(ulpsOfExact(y[10], Math.exp(x[10]))).toBeLessThanOrEqual(1); // subnormal
    expm1F32Into(x, y, x.length);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, inf, -1, 0, -0, inf, -1, inf, -1]);
    sigmoidF32Into(x, y, x.length);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, 1, 0, 0.5, 0.5, 1, Math.fround(sigmoid64(-104)), 1, 0]);
    tanhF32Into(x, y, x.length);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, 1, -1, 0, -0, 1, -1, 1, -1]);
    eluF32Into(x, y, x.length, 1.5);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, inf, -1.5, 0, -0, 89, -1.5, 1000, -1.5]);
    const dy = new Float32Array(x.length).fill(2);
    eluGradF32Into(x, dy, y, x.length, 1.5);
    expect(Array.from(y.subarray(0, 9))).toEqual([Number.NaN, 2, 0, 3, 3, 2, 0, 2, 0]);
  });

  it('writes only [0, length) for any length and matches a full sweep block by block', () => {
    const x = SETS[0].subarray(0, 1000);
    const full = new Float32Array(1000);
    const fns = [
      (a: Float32Array, b: Float32Array, n: number) => expF32Into(a, b, n),
      (a: Float32Array, b: Float32Array, n: number) => expm1F32Into(a, b, n),
      (a: Float32Array, b: Float32Array, n: number) => sigmoidF32Into(a, b, n),
      (a: Float32Array, b: Float32Array, n: number) => tanhF32Into(a, b, n),
      (a: Float32Array, b: Float32Array, n: number) => eluF32Into(a, b, n, 1.3),
      (a: Float32Array, b: Float32Array, n: number) => eluGradF32Into(a, a, b, n, 1.3),
    ];
    for (const f of fns) {
      f(x, full, 1000);
      for (const len of [1, 2, 3, 5, 7, 9, 17, 31, 100]) {
        const y = new Float32Array(len + 5).fill(42);
        f(x, y, len);
        expect(Array.from(y.subarray(0, len))).toEqual(Array.from(full.subarray(0, len)));
        expect(Array.from(y.subarray(len))).toEqual([42, 42, 42, 42, 42]);
      }
      const blocks = new Float32Array(1000);
      for (let s = 0; s < 1000; s += 37) {
        const n = Math.min(37, 1000 - s);
        f(x.subarray(s, s + n), blocks.subarray(s, s + n), n);
      }
      expect(blocks).toEqual(full);
    }
  });

  it('works in place and processes arrays longer than one slice', () => {
    const x = SETS[1];
    const y = new Float32Array(N);
    tanhF32Into(x, y, N);
    const z = x.slice();
    tanhF32Into(z, z, N);
    let same = 0;
    for (let i = 0; i < N; i++) if (Object.is(z[i], y[i])) same++;
    expect(same).toBe(N); // element-wise loop: toEqual on 2^20 floats takes seconds
  });

  it('allocates no wasm memory on repeated calls', () => {
    const x = SETS[1].subarray(0, 4096);
    const y = new Float32Array(4096);
    sigmoidF32Into(x, y, 4096);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 2000; i++) sigmoidF32Into(x, y, 4096);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 16);
  });

  it('falls back to the float64 Math loops when SIMD is off', () => {
    setVmath32Kernel('js');
    expect(vmath32Kernel()).toBe('js');
    const x = SETS[1].subarray(0, 1000);
    const y = new Float32Array(1000);
    expF32Into(x, y, 1000);
    for (let i = 0; i < 1000; i++) expect(y[i]).toBe(Math.fround(Math.exp(x[i])));
    tanhF32Into(x, y, 1000);
    for (let i = 0; i < 1000; i++) expect(y[i]).toBe(Math.fround(Math.tanh(x[i])));
  });
});
