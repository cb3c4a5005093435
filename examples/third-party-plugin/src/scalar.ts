import type { GpuActivationKernels } from '@rectify/core';

/**
 * Swish written once, as scalar functions (the argument order the gpu backend uses: the fixed ones, then the
 * hyper-parameter `numParameters`, unused here but declared, then the element's `beta`). They are the definition:
 * `defineActivation` makes them the gpu.js functions, and the testkit checks the fast CPU kernels against them. They
 * are plain `function` expressions because gpu.js compiles their source: no arrow functions, method shorthand,
 * closures or module-level constants (defineActivation rejects those, saying why).
 *
 * σ(βx) and 1 − σ(βx) come from one `exp(−|βx|)` (never overflows); where σ or σ(1 − σ) is exactly 0 (x = ±∞, or
 * |βx| past float32's `exp` range) the products take their limit 0 instead of ∞ · 0 = NaN; β = 0 uses z = 0 so
 * that 0 · ∞ does not turn ±∞ into NaN. The β gradient multiplies x · (x σ(1 − σ) dy) rather than x² · …: x²
 * overflows float32 past ~1.8e19, and with a small or zero β σ(1 − σ) is not 0 there.
 */
export const swishScalar: GpuActivationKernels<'beta'> = {
  forward: function swishForward(x: number, _numParameters: number, beta: number): number {
    const z = beta === 0 ? 0.0 : beta * x;
    const e = Math.exp(-Math.abs(z));
    const r = 1 / (1 + e);
    const s = z >= 0 ? r : e * r;
    return s === 0 ? 0.0 : x * s;
  },
  backward: function swishBackward(x: number, _y: number, dy: number, _numParameters: number, beta: number): number {
    const z = beta === 0 ? 0.0 : beta * x;
    const e = Math.exp(-Math.abs(z));
    const r = 1 / (1 + e);
    const s = z >= 0 ? r : e * r;
    const t = s * (z >= 0 ? e * r : r);
    return t === 0 ? s * dy : (s + beta * x * t) * dy;
  },
  paramGrads: {
    beta: function swishBetaGrad(x: number, _y: number, dy: number, _numParameters: number, beta: number): number {
      const z = beta === 0 ? 0.0 : beta * x;
      const e = Math.exp(-Math.abs(z));
      const r = 1 / (1 + e);
      const t = (z >= 0 ? r : e * r) * (z >= 0 ? e * r : r);
      return t === 0 ? 0.0 : x * (x * t * dy);
    },
  },
};
