const FLT_MAX = 3.4028234663852886e38;

/**
 * Positive float32 edge values: zero, the smallest subnormal, the largest subnormal, the smallest normal, FLT_MAX,
 * +∞, NaN, 1 and 6 (ReLU6's cap). Use them with both signs.
 */
export const FLOAT32_EDGES: readonly number[] = Object.freeze([
  0,
  1.401298464324817e-45,
  1.1754942106924411e-38,
  1.1754943508222875e-38,
  FLT_MAX,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  1,
  6,
]);

/**
 * `n` deterministic float32 values (xorshift32 from `seed`) for bit-exactness tests of kernels: a quarter each of
 * edge values of both signs (plus `extra`), ordinary values in [−8, 8), every magnitude from 1e−45 to 1e39, and
 * random bit patterns (NaN payloads and subnormals included).
 */
export function mixedFloat32(n: number, seed: number, extra: readonly number[] = []): Float32Array {
  let s = seed >>> 0 || 1;
  const r = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const pool = [...FLOAT32_EDGES, ...FLOAT32_EDGES.map((v) => -v), ...extra.map(Math.fround)];
  const x = new Float32Array(n);
  const raw = new Int32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(r() * 4);
    if (kind === 0) x[i] = pool[Math.floor(r() * pool.length)];
    else if (kind === 1) x[i] = -8 + 16 * r();
    else if (kind === 2) x[i] = (r() < 0.5 ? -1 : 1) * 10 ** (-45 + 84 * r());
    else raw[i] = (r() * 2 ** 32) | 0;
  }
  return x;
}

/**
 * Index of the first element where `a` and `b` differ under `Object.is` (−0 ≠ +0, NaN equals NaN), −1 when they
 * are the same, −2 when their lengths differ.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}
