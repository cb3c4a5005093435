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
