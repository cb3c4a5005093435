import { Rng } from '@rectify/core';

/** `n` floats uniform in [-1, 1) from a fixed seed, so every contender sees the same numbers. */
export function uniformArray(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform() * 2 - 1;
  return out;
}
