import type { Rng } from '../random';

/** Fills `out` with independent draws from N(0, std²) (a plain normal, not truncated). */
export function fillNormal(out: Float32Array, std: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
}

/** Fills `out` with independent draws from U(−limit, limit). */
export function fillUniform(out: Float32Array, limit: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = limit * (2 * rng.uniform() - 1);
}
