import type { Rng } from '@rectify/core';

/** Inputs for gradient checks: near 0 (but not at it), moderate and large magnitudes, plus seeded normals. */
export function gradientInputs(rng: Rng, randomCount = 24): number[] {
  const edges = [1e-3, 0.03, 0.7, 2.5, 30, 3000];
  const out: number[] = [];
  for (const e of edges) out.push(e, -e);
  for (let i = 0; i < randomCount; i++) out.push(3 * rng.normal());
  return out.map(Math.fround);
}

/** Inputs for forward checks: signed zeros, subnormals, tiny, moderate, huge values and seeded normals. */
export function forwardInputs(rng: Rng, randomCount = 200): number[] {
  const edges = [0, -0, 1e-40, -1e-40, 1e-30, -1e-30, 1e-7, -1e-7, 0.5, -0.5, 1, -1, 20, -20, 100, -100, 1e4, -1e4, 1e30, -1e30];
  const out = [...edges];
  for (let i = 0; i < randomCount; i++) out.push(4 * rng.normal());
  return out.map(Math.fround);
}

/** Seeded upstream gradients in ±[0.5, 1.5], never near 0, so every element weighs in. */
export function upstream(rng: Rng, n: number): Float32Array {
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) dy[i] = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + rng.uniform());
  return dy;
}

/**
 * Inputs for the hygiene checks, `n` of them: the special values (±0, ±subnormal, ±Infinity, NaN, ±FLT_MAX), the
 * tails up to |x| = 100 (a kernel that clamps its input in place only shows there), then seeded values in ±100.
 */
export function hygieneInputs(rng: Rng, n: number): Float32Array {
  const edges = [0, -0, 1e-40, -1e-40, 1e-7, -1e-7, 1, -1, 6, -6, 20, -20, 50, -50, 88.5, -88.5, 100, -100];
  const special = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 3.4028234663852886e38, -3.4028234663852886e38];
  const fixed = [...edges, ...special];
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = i < fixed.length ? fixed[i]! : 200 * rng.uniform() - 100;
  return x;
}

/** Hygiene input count for a case: at least 64, whole samples of `channels × inner` elements. */
export function hygieneLength(channels: number, inner: number): number {
  const sample = channels * inner;
  return Math.max(1, Math.ceil(64 / sample)) * sample;
}
