/**
 * The global p-norm of several gradient arrays, as `torch.nn.utils.get_total_norm`: the largest magnitude for
 * `normType = Infinity`, else `(Σ |g|^p)^(1/p)` accumulated in float64. NaN or Infinity when a gradient is.
 */
export function gradNorm(grads: readonly Float32Array[], normType = 2): number {
  if (normType === Number.POSITIVE_INFINITY) {
    let max = 0;
    for (let k = 0; k < grads.length; k++) {
      const g = grads[k];
      for (let i = 0; i < g.length; i++) {
        const a = Math.abs(g[i]);
        // `!(a <= max)` lets a NaN through, as torch's max does.
        if (!(a <= max)) max = a;
      }
    }
    return max;
  }
  let sum = 0;
  if (normType === 2) {
    for (let k = 0; k < grads.length; k++) {
      const g = grads[k];
      for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
    }
    return Math.sqrt(sum);
  }
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]) ** normType;
  }
  return sum ** (1 / normType);
}

/**
 * The factor `clip_grad_norm_` scales gradients by: `maxNorm / (total + 1e-6)`, or 1 when that is ≥ 1. A NaN total
 * gives NaN (torch's default `error_if_nonfinite=False` lets it spread into the gradients too).
 */
export function clipCoefficient(total: number, maxNorm: number): number {
  const coef = maxNorm / (total + 1e-6);
  return coef >= 1 ? 1 : coef;
}

/**
 * PyTorch's `clip_grad_norm_`: scales every gradient in place so that their global norm is at most `maxNorm`,
 * and returns the norm before clipping.
 */
export function clipGradNorm(grads: readonly Float32Array[], maxNorm: number, normType = 2): number {
  const total = gradNorm(grads, normType);
  // torch multiplies by a float32 coefficient; rounding it first makes each product exactly torch's.
  const coef = Math.fround(clipCoefficient(total, maxNorm));
  if (coef === 1) return total;
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return total;
}

/** PyTorch's `clip_grad_value_`: clamps every gradient element in place to `[−value, value]` (NaN stays NaN). */
export function clipGradValue(grads: readonly Float32Array[], value: number): void {
  const lo = -value;
  for (let k = 0; k < grads.length; k++) {
    const g = grads[k];
    for (let i = 0; i < g.length; i++) {
      const x = g[i];
      if (x > value) g[i] = value;
      else if (x < lo) g[i] = lo;
    }
  }
}
