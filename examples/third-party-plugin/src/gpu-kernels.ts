import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js element functions of Swish. Arguments follow the contract: the fixed ones, then the hyper-parameter
 * `numParameters` (unused here, but gpu.js needs every argument declared), then the element's `beta`. They are
 * plain `function` expressions with names because gpu.js compiles their source; arrow functions, method
 * shorthand, closures and module-level constants are not available inside them. The shader's float32 `exp` is
 * only ever given −|β x| ≤ 0, so nothing overflows.
 */
export const swishGpuKernels: GpuActivationKernels = {
  forward: function swishForward(x: number, _numParameters: number, beta: number): number {
    const z = beta * x;
    const e = Math.exp(-Math.abs(z));
    const r = 1 / (1 + e);
    const s = z >= 0 ? r : e * r;
    return x * s;
  },
  backward: function swishBackward(x: number, _y: number, dy: number, _numParameters: number, beta: number): number {
    const z = beta * x;
    const e = Math.exp(-Math.abs(z));
    const r = 1 / (1 + e);
    const s = z >= 0 ? r : e * r;
    const sn = z >= 0 ? e * r : r;
    return (s + beta * x * s * sn) * dy;
  },
  paramGrads: {
    beta: function swishBetaGrad(x: number, _y: number, dy: number, _numParameters: number, beta: number): number {
      const z = beta * x;
      const e = Math.exp(-Math.abs(z));
      const r = 1 / (1 + e);
      const s = z >= 0 ? r : e * r;
      const sn = z >= 0 ? e * r : r;
      return x * x * s * sn * dy;
    },
  },
};
