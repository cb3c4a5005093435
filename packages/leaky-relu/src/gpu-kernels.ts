import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js kernel functions of Leaky ReLU: `(x, negativeSlope)` and `(x, y, dy, negativeSlope)`. NaN is tested first
 * (`x !== x` compiles to `x != x`) because GLSL comparisons with NaN are not reliable.
 */
export const leakyReluGpu: GpuActivationKernels = {
  forward: function leakyReluForward(x: number, negativeSlope: number): number {
    return x !== x ? x : x > 0.0 ? x : negativeSlope * x;
  },
  backward: function leakyReluBackward(x: number, _y: number, dy: number, negativeSlope: number): number {
    return x !== x ? x : dy * (x > 0.0 ? 1.0 : negativeSlope);
  },
};
