import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js kernel functions of PReLU. Arguments follow the contract: `x` (and `y, dy` for gradients), then the
 * hyper-parameters `numParameters, init` (unused here), then the element's channel `slope`. NaN is tested first
 * because GLSL comparisons with NaN are not reliable. `paramGrads.slope` returns one element's contribution,
 * `min(x, 0)·dy`; the backend sums it per channel.
 */
export const preluGpu: GpuActivationKernels = {
  forward: function preluForward(x: number, _numParameters: number, _init: number, slope: number): number {
    return x !== x ? x : x > 0.0 ? x : slope * x;
  },
  backward: function preluBackward(
    x: number,
    _y: number,
    dy: number,
    _numParameters: number,
    _init: number,
    slope: number,
  ): number {
    return x !== x ? x : dy * (x > 0.0 ? 1.0 : slope);
  },
  paramGrads: {
    slope: function preluSlopeGrad(
      x: number,
      _y: number,
      dy: number,
      _numParameters: number,
      _init: number,
      _slope: number,
    ): number {
      return x !== x ? x : x > 0.0 ? 0.0 : x * dy;
    },
  },
};
