import {
  activationPrecision,
  type CpuActivationKernels,
  eluF32Into,
  eluGradF32Into,
  eluGradInto,
  eluInto,
  type KernelContext,
} from '@rectify/core';

/**
 * CPU kernels of ELU, on core's element-wise math: float32 WebAssembly SIMD by default (`eluF32Into`,
 * `eluGradF32Into`: expm1 and exp within ~1 ulp, like PyTorch's SLEEF-based CPU kernel), the float64 SIMD path
 * (`eluInto`, `eluGradInto`, faithful to `Math.expm1`/`Math.exp`) after `setActivationPrecision('float64')`, and
 * `Math` loops where the engine has no SIMD. expm1 keeps full relative precision for tiny negative inputs
 * (`exp(x) − 1` would lose it all near 0). The derivative for x <= 0 is `alpha·exp(x)`, not `y + alpha`: `y` is
 * rounded to float32, so `y + alpha` cancels to 0 for large negative x (at x = −20 the true value is 2.1e−9).
 */
export const eluCpu: CpuActivationKernels<'alpha'> = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext<'alpha'>): void {
    if (activationPrecision() === 'float32') eluF32Into(x, y, ctx.length, ctx.hyper.alpha);
    else eluInto(x, y, ctx.length, ctx.hyper.alpha);
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext<'alpha'>): void {
    if (activationPrecision() === 'float32') eluGradF32Into(x, dy, dx, ctx.length, ctx.hyper.alpha);
    else eluGradInto(x, dy, dx, ctx.length, ctx.hyper.alpha);
  },
};
