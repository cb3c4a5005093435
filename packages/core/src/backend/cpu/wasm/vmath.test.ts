import { afterEach, describe, expect, it } from 'vitest';
import { xorshift32 } from './kernel-test-support';
import {
  eluGradInto,
  eluInto,
  expInto,
  expm1Into,
  setVmathKernel,
  sigmoidGradInto,
  sigmoidInto,
  tanhGradInto,
  tanhInto,
  type VmathKernelMode,
  vmathKernel,
} from './vmath';
import { VMATH_CHUNK } from './exp-kernel';
import { WasmVmath } from './vmath-kernel';

const f32 = Math.fround;

/** Float64 references, rounded to float32 by the caller. Sigmoid uses the form that never overflows. */
const reference = {
  exp: Math.exp,
  expm1: Math.expm1,
  sigmoid: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: Math.tanh,
  elu: (x: number, alpha: number) => (x > 0 ? x : alpha * Math.expm1(x)),
  eluGrad: (x: number, dy: number, alpha: number) => (x > 0 ? dy : alpha * Math.exp(x) * dy),
};

const unaries = [
  ['exp', expInto, reference.exp],
  ['expm1', expm1Into, reference.expm1],
  ['sigmoid', sigmoidInto, reference.sigmoid],
  ['tanh', tanhInto, reference.tanh],
] as const;

const bits = new Int32Array(1);
const asF32 = new Float32Array(bits.buffer);
/** Position of a float32 on a line where adjacent floats differ by 1 (−0 and +0 both 0). */
function ordinal(v: number): number {
  asF32[0] = v;
  const b = bits[0];
  return b < 0 ? -(b & 0x7fffffff) : b;
}
/** Distance in float32 ulps; 0 when both are NaN or equal, Infinity when only one is NaN. */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(ordinal(a) - ordinal(b));
}

/** 2^21 float32 inputs: uniform over the interesting range, log-uniform tiny magnitudes of both signs, random bits. */
function randomInputs(seed: number): Float32Array {
  const n = 1 << 21;
  const r = xorshift32(seed);
  const x = new Float32Array(n);
  const raw = new Int32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) x[i] = -110 + 205 * r();
    else if (kind === 1) x[i] = -4 + 8 * r();
    else if (kind === 2) x[i] = (r() < 0.5 ? -1 : 1) * 10 ** (-40 * r());
    else raw[i] = (r() * 2 ** 32) | 0; // any float32: huge, subnormal, NaN, ±∞
  }
  return x;
}

const SPECIAL = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  -0,
  1e-45,
  -1e-45,
  -1e-10,
  1e-10,
  1,
  -1,
  88.72283,
  88.72284,
  89,
  -87.33654,
  -103.97,
  -104,
  -150,
  150,
  1e30,
  -1e30,
  3.4028234663852886e38,
  -3.4028234663852886e38,
].map(f32);

/** How many elements differ (Object.is), without vitest's slow deep equality on megabyte arrays. */
function mismatches(a: Float32Array, b: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

function setMode(m: VmathKernelMode) {
  setVmathKernel(m);
}
afterEach(() => setVmathKernel('auto'));

describe('vmath on WebAssembly SIMD', () => {
  it('measures ulps as intended', () => {
    expect(ulps(1, f32(1 + 2 ** -23))).toBe(1);
    expect(ulps(-1e-45, 1e-45)).toBe(2);
    expect(ulps(0, -0)).toBe(0);
    expect(ulps(3.4028234663852886e38, Number.POSITIVE_INFINITY)).toBe(1);
    expect(ulps(Number.NaN, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is available in this Node', () => {
    expect(vmathKernel()).toBe('wasm-simd');
  });

  it.each(unaries)('%s: within 1 float32 ulp of Math over 2^21 random and edge inputs', (name, run, ref) => {
    setMode('wasm');
    const x = randomInputs(name.length * 7919);
    const y = new Float32Array(x.length);
    run(x, y, x.length);
    let worst = 0;
    let off = 0;
    let worstAt = 0;
    for (let i = 0; i < x.length; i++) {
      const u = ulps(y[i], f32(ref(x[i])));
      if (u > 0) off++;
      if (u > worst) {
        worst = u;
        worstAt = x[i];
      }
    }
    console.info(`${name}: max ${worst} ulp (at x = ${worstAt}), ${off} of ${x.length} differ from fround(Math)`);
    expect(worst).toBeLessThanOrEqual(1);
    expect(off).toBeLessThan(x.length * 1e-4);
  });

  it.each(unaries)('%s: special values exactly as Math (NaN, ±∞, ±0, overflow, underflow)', (_name, run, ref) => {
    setMode('wasm');
    const x = Float32Array.from(SPECIAL);
    const y = new Float32Array(x.length);
    run(x, y, x.length);
    x.forEach((v, i) => {
      expect(Object.is(y[i], f32(ref(v))), `x = ${v}: got ${y[i]}, expected ${f32(ref(v))}`).toBe(true);
    });
  });

  it.each([1, 0.5, 1.5, 2])('elu and its gradient, alpha %s: ≤ 1 ulp on random inputs, exact on special values', (alpha) => {
    setMode('wasm');
    const x = randomInputs(Math.round(alpha * 1000));
    const dy = new Float32Array(x.length);
    const r = xorshift32(99);
    for (let i = 0; i < dy.length; i++) dy[i] = -3 + 6 * r();
    const y = new Float32Array(x.length);
    const dx = new Float32Array(x.length);
    eluInto(x, y, x.length, alpha);
    eluGradInto(x, dy, dx, x.length, alpha);
    let worstY = 0;
    let worstDx = 0;
    for (let i = 0; i < x.length; i++) {
      worstY = Math.max(worstY, ulps(y[i], f32(reference.elu(x[i], alpha))));
      worstDx = Math.max(worstDx, ulps(dx[i], f32(reference.eluGrad(x[i], dy[i], alpha))));
    }
    console.info(`elu alpha ${alpha}: forward max ${worstY} ulp, backward max ${worstDx} ulp`);
    expect(worstY).toBeLessThanOrEqual(1);
    expect(worstDx).toBeLessThanOrEqual(1);

    const s = Float32Array.from(SPECIAL);
    const sy = new Float32Array(s.length);
    const sdy = Float32Array.from(s, (_, i) => [1, -2, Number.NaN, Number.POSITIVE_INFINITY][i % 4]);
    const sdx = new Float32Array(s.length);
    eluInto(s, sy, s.length, alpha);
    eluGradInto(s, sdy, sdx, s.length, alpha);
    s.forEach((v, i) => {
      expect(Object.is(sy[i], f32(reference.elu(v, alpha))), `elu(${v})`).toBe(true);
      expect(Object.is(sdx[i], f32(reference.eluGrad(v, sdy[i], alpha))), `elu'(${v})·${sdy[i]}`).toBe(true);
    });
  });

  it.each([
    ['sigmoid', sigmoidGradInto, (y: number, dy: number) => y * (1 - y) * dy],
    ['tanh', tanhGradInto, (y: number, dy: number) => (1 - y * y) * dy],
  ] as const)('%s gradient from the output: float64 product rounded once, exact', (_name, run, ref) => {
    setMode('wasm');
    const n = 1 << 16;
    const r = xorshift32(7);
    const y = Float32Array.from({ length: n }, () => -1 + 2 * r());
    const dy = Float32Array.from({ length: n }, () => -5 + 10 * r());
    y.set([Number.NaN, 0, 1, -1, 0.5, -0]);
    dy.set([1, Number.POSITIVE_INFINITY, Number.NaN, 2, Number.NEGATIVE_INFINITY, 3]);
    const dx = new Float32Array(n);
    run(y, dy, dx, n);
    let off = 0;
    for (let i = 0; i < n; i++) if (!Object.is(dx[i], f32(ref(y[i], dy[i])))) off++;
    expect(off).toBe(0);
  });

  it('keeps full relative precision of expm1 and tanh for tiny arguments', () => {
    setMode('wasm');
    const x = Float32Array.from([-1e-10, 1e-10, -3e-8, 2e-20, -1e-38, -1e-16]);
    const y = new Float32Array(x.length);
    const t = new Float32Array(x.length);
    expm1Into(x, y, x.length);
    tanhInto(x, t, x.length);
    x.forEach((v, i) => {
      const exact = v + (v * v) / 2; // expm1(v) far below float32 precision
      expect(Math.abs(y[i] - exact) / Math.abs(exact)).toBeLessThan(2 ** -24);
      expect(Math.abs(t[i] - v) / Math.abs(v)).toBeLessThan(2 ** -24); // tanh(v) = v − v³/3
    });
  });

  it('writes only [0, length), for lengths around the 8-float groups, and leaves the inputs alone', () => {
    setMode('wasm');
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33]) {
      const x = Float32Array.from({ length: n + 5 }, (_, i) => -2 + 0.3 * i);
      const before = Float32Array.from(x);
      const y = new Float32Array(n + 5).fill(42);
      const dy = new Float32Array(n + 5).fill(1);
      const dx = new Float32Array(n + 5).fill(42);
      for (const [, run, ref] of unaries) {
        y.fill(42);
        run(x, y, n);
        for (let i = 0; i < n; i++) expect(ulps(y[i], f32(ref(x[i])))).toBeLessThanOrEqual(1);
        expect(Array.from(y.subarray(n))).toEqual([42, 42, 42, 42, 42]);
      }
      eluGradInto(x, dy, dx, n, 1);
      expect(Array.from(dx.subarray(n))).toEqual([42, 42, 42, 42, 42]);
      expect(x).toEqual(before);
    }
  });

  it('gives the same results in place (y = x, dx = dy) and across memory growth', () => {
    setMode('wasm');
    for (const n of [1000, 1 << 20, 37]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 20);
      const expected = new Float32Array(n);
      sigmoidInto(x, expected, n);
      const inPlace = Float32Array.from(x);
      sigmoidInto(inPlace, inPlace, n);
      expect(mismatches(inPlace, expected)).toBe(0);
      const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
      const dx = new Float32Array(n);
      eluGradInto(x, dy, dx, n, 0.7);
      eluGradInto(x, dy, dy, n, 0.7);
      expect(mismatches(dy, dx)).toBe(0);
      for (let i = 0; i < n; i += 97) expect(ulps(expected[i], f32(reference.sigmoid(x[i])))).toBeLessThanOrEqual(1);
    }
  });

  it('runs arrays longer than one slice piecewise, with bounded scratch memory and only [0, length) written', () => {
    const k = WasmVmath.create();
    expect(k).not.toBeNull();
    const n = 2 * VMATH_CHUNK + 12345;
    const x = Float32Array.from({ length: n + 3 }, (_, i) => Math.sin(i * 0.37) * 30);
    const dy = Float32Array.from({ length: n + 3 }, (_, i) => Math.cos(i * 0.11));
    const y = new Float32Array(n + 3).fill(42);
    const dx = new Float32Array(n + 3).fill(42);
    k?.unary('tanh', x, y, n);
    k?.eluGrad(x, dy, dx, n, 1.25);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, ulps(y[i], f32(Math.tanh(x[i]))));
      worst = Math.max(worst, ulps(dx[i], f32(reference.eluGrad(x[i], dy[i], 1.25))));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(Array.from(y.subarray(n))).toEqual([42, 42, 42]);
    expect(Array.from(dx.subarray(n))).toEqual([42, 42, 42]);
    expect(k?.memoryBytes).toBeLessThanOrEqual(2 * VMATH_CHUNK * 4 + 65536);
  });

  it('gives each element the same result whatever the length of the array it comes in (auto mode)', () => {
    const n = 4099;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 7.31) * 9);
    const whole = new Float32Array(n);
    eluInto(x, whole, n, 1.5);
    const piece = new Float32Array(n);
    for (let start = 0, len = 1; start < n; start += len, len = (len % 23) + 1) {
      const end = Math.min(n, start + len);
      eluInto(x.subarray(start, end), piece.subarray(start, end), end - start, 1.5);
    }
    expect(mismatches(piece, whole)).toBe(0);
  });

  it('does nothing for length 0', () => {
    setMode('wasm');
    const y = new Float32Array(4).fill(7);
    expInto(new Float32Array(4), y, 0);
    expect(Array.from(y)).toEqual([7, 7, 7, 7]);
  });
});

describe('vmath in plain JavaScript (no SIMD)', () => {
  it('matches fround(Math) exactly, also on special values', () => {
    setMode('js');
    expect(vmathKernel()).toBe('js');
    const x = Float32Array.from([...SPECIAL, -5.5, 0.25, 3]);
    const y = new Float32Array(x.length);
    for (const [, run, ref] of unaries) {
      run(x, y, x.length);
      x.forEach((v, i) => {
        expect(Object.is(y[i], f32(ref(v))), `x = ${v}`).toBe(true);
      });
    }
  });

  it('agrees with the wasm path to 1 ulp for the ELU kernels', () => {
    const x = Float32Array.from({ length: 4096 }, (_, i) => Math.sin(i * 12.9898) * 12);
    const dy = Float32Array.from({ length: 4096 }, (_, i) => Math.cos(i));
    const out = (m: VmathKernelMode) => {
      setMode(m);
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      eluInto(x, y, x.length, 1.5);
      eluGradInto(x, dy, dx, x.length, 1.5);
      return { y, dx };
    };
    const js = out('js');
    const wasm = out('wasm');
    for (let i = 0; i < x.length; i++) {
      expect(ulps(js.y[i], wasm.y[i])).toBeLessThanOrEqual(1);
      expect(ulps(js.dx[i], wasm.dx[i])).toBeLessThanOrEqual(1);
    }
  });
});
