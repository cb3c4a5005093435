/**
 * Plain-JavaScript versions of the float32 module's Swish and erf exports (scripts/vmath32-wat.mjs), for engines
 * without WebAssembly SIMD: the same definitions in float64 with `Math`, rounded to float32 on store.
 */

/** y[i] = x[i]·σ(β·x[i]) for i in [from, from + n), β = 0 giving x/2 (also for ±∞), 0 where σ is 0 (never ∞·0). */
export function jsSwish(x: Float32Array, y: Float32Array, n: number, beta: number, from: number): void {
  for (let i = from; i < from + n; i++) {
    const v = x[i];
    const z = beta === 0 ? 0 : beta * v;
    const e = Math.exp(-Math.abs(z));
    const s = (z >= 0 ? 1 : e) / (1 + e);
    y[i] = s === 0 ? 0 : v * s;
  }
}

/** dx[i] = (σ + z·σ(1 − σ))·dy[i], z = β·x[i], i in [from, from + n); returns Σ x·(x·σ(1 − σ)·dy). */
export function jsSwishGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, n: number, beta: number, from: number): number {
  let sum = 0;
  for (let i = from; i < from + n; i++) {
    const v = x[i];
    const g = dy[i];
    const z = beta === 0 ? 0 : beta * v;
    const e = Math.exp(-Math.abs(z));
    const r = 1 / (1 + e);
    const s = z >= 0 ? r : e * r;
    const t = e * r * r;
    dx[i] = t === 0 ? s * g : (s + z * t) * g;
    if (t !== 0) sum += v * (v * t * g);
  }
  return sum;
}

/** erf(x) = x + x·P(x²) below 0.921875, else ±(1 − exp(L(|x|))): the float32 module's forms, in float64. */
export function jsErf(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = erf64(x[i]);
}

/** The float32 module's coefficients (scripts/vmath32-wat.mjs, ERF_SMALL and ERF_LARGE), ascending. */
const SMALL = [
  0.12837916612625122, -0.3761252462863922, 0.1128203496336937, -0.02677285112440586, 0.0050007677637040615,
  -0.0006024051108397543,
];
const LARGE = [
  0.00017940033285412937, -1.1295384168624878, -0.6332976818084717, -0.10833627730607986, 0.02515709586441517,
  -0.004185890778899193, 0.00043763412395492196, -2.1379244572017342e-5,
];

function poly(c: readonly number[], x: number): number {
  let acc = c[c.length - 1] as number;
  for (let k = c.length - 2; k >= 0; k--) acc = acc * x + (c[k] as number);
  return acc;
}

function erf64(v: number): number {
  const a = Math.abs(v);
  if (a < 0.921875) return v + v * poly(SMALL, v * v);
  if (Number.isNaN(a)) return a;
  const one = 1 - Math.exp(poly(LARGE, Math.min(a, 4)));
  return v < 0 ? -one : one;
}
