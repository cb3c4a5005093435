import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js kernel functions of ELU: `(x, alpha)` and `(x, y, dy, alpha)`. gpu.js compiles `Math.expm1(x)` to
 * `pow(e, x) − 1`, which loses precision near 0 in float32 (~45 ulps at x = −0.01), so for −0.5 < x ≤ 0 the forward
 * pass uses expm1's Taylor series to degree 8 in Horner form (truncation below 2e−8 relative there; measured ≤ 4 ulps
 * on headless-gl, packages/gpu/test/elu-expm1.headlessgl.test.ts), and exp(x) − 1 below, where |expm1| > 0.39 keeps
 * exp's own error small. NaN is tested first because GLSL comparisons with NaN are not reliable.
 */
export const eluGpu: GpuActivationKernels = {
  forward: function eluForward(x: number, alpha: number): number {
    if (x !== x) return x;
    if (x > 0.0) return x;
    if (x > -0.5) {
      const p =
        0.16666666666666666 +
        x *
          (0.041666666666666664 +
            x * (0.008333333333333333 + x * (0.001388888888888889 + x * (0.0001984126984126984 + x * 0.0000248015873015873))));
      return alpha * (x + x * x * (0.5 + x * p));
    }
    return alpha * (Math.exp(x) - 1.0);
  },
  backward: function eluBackward(x: number, _y: number, dy: number, alpha: number): number {
    return x !== x ? x : dy * (x > 0.0 ? 1.0 : alpha * Math.exp(x));
  },
};
