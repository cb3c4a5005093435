import type { HyperParams, LearnableValues } from '@rectify/core';

/**
 * Swish in float64, written independently of the kernels for the testkit: `x · σ(β x)` with the logistic taken
 * from whichever side does not overflow, and the limits at ±∞ stated explicitly (0 where σ(β x) → 0, ±∞ where it
 * → 1, `x / 2` when β = 0).
 */
export function swishReference(x: number, _hyper: HyperParams, learnable: LearnableValues<'beta'>): number {
  const beta = learnable.beta;
  if (Number.isNaN(x) || Number.isNaN(beta)) return Number.NaN;
  if (!Number.isFinite(x)) {
    if (beta === 0) return x / 2;
    return Math.sign(beta) === Math.sign(x) ? x : 0;
  }
  const z = beta * x;
  const sigma = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  return x * sigma;
}
