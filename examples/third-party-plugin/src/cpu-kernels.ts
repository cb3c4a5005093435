import type { CpuActivationKernels, KernelContext } from '@rectify/core';

/** `beta` of element `i`: the shared value, or the value of the element's channel. */
function betaAt(ctx: KernelContext, beta: Float32Array, i: number): number {
  return beta.length === 1 ? beta[0]! : beta[((i / ctx.inner) | 0) % ctx.channels]!;
}

/**
 * σ(z) and σ(−z) = 1 − σ(z) from one `exp(−|z|)`: nothing overflows and 1 − σ(z) keeps its precision where σ(z)
 * rounds to 1. Writes into `out` so the kernels allocate nothing.
 */
function sigmoidPair(z: number, out: Float64Array): void {
  const e = Math.exp(-Math.abs(z));
  const r = 1 / (1 + e);
  out[0] = z >= 0 ? r : e * r;
  out[1] = z >= 0 ? e * r : r;
}

const pair = new Float64Array(2);

/**
 * CPU kernels of Swish `y = x · σ(β x)`.
 * - `dy/dx = σ + β x σ (1 − σ)`, `dy/dβ = x² σ (1 − σ)`.
 * - Where σ or 1 − σ is exactly 0 (|β x| > ~745, or x = ±∞) the products are taken as their limits (0), so ±∞ give
 *   the mathematical limits instead of ∞ · 0 = NaN. NaN in gives NaN out.
 * - β = 0 makes Swish `x / 2`; it is special-cased so that 0 · ∞ does not turn ±∞ into NaN.
 */
export const swishCpuKernels: CpuActivationKernels<'numParameters', 'beta'> = {
  forward(x, y, ctx) {
    const beta = ctx.params.beta;
    for (let i = 0; i < ctx.length; i++) {
      const v = x[i]!;
      const b = betaAt(ctx, beta, i);
      sigmoidPair(b === 0 ? 0 : b * v, pair);
      const s = pair[0]!;
      y[i] = s === 0 ? 0 : v * s;
    }
  },
  backward(x, _y, dy, dx, ctx) {
    const beta = ctx.params.beta;
    const grad = ctx.grads.beta;
    const shared = grad.length === 1;
    let sharedSum = 0;
    for (let i = 0; i < ctx.length; i++) {
      const v = x[i]!;
      const b = betaAt(ctx, beta, i);
      sigmoidPair(b === 0 ? 0 : b * v, pair);
      const s = pair[0]!;
      const t = s * pair[1]!;
      const g = dy[i]!;
      dx[i] = t === 0 ? s * g : (s + b * v * t) * g;
      const db = t === 0 ? 0 : v * v * t * g;
      if (shared) sharedSum += db;
      else grad[((i / ctx.inner) | 0) % ctx.channels]! += db;
    }
    if (shared) grad[0]! += sharedSum;
  },
};
