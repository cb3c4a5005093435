import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js kernel functions of ELU: `(x, alpha)` and `(x, y, dy, alpha)`. gpu.js compiles `Math.expm1(x)` to
 * `pow(e, x) − 1`, which loses all precision near 0 in float32, so for |x| < 0.01 the forward pass uses the series
 * x + x²/2 + x³/6 (relative error below 5e−8 there). NaN is tested first because GLSL comparisons with NaN are
 * not reliable.
 */
export const eluGpu: GpuActivationKernels = {
  forward: function eluForward(x: number, alpha: number): number {
    if (x !== x) return x;
    if (x > 0.0) return x;
    if (Math.abs(x) < 0.01) return alpha * (x * (1.0 + x * (0.5 + x / 6.0)));
    return alpha * (Math.exp(x) - 1.0);
  },
  backward: function eluBackward(x: number, _y: number, dy: number, alpha: number): number {
    return x !== x ? x : dy * (x > 0.0 ? 1.0 : alpha * Math.exp(x));
  },
};
