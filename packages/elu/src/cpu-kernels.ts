import { type CpuActivationKernels, eluGradInto, eluInto, type KernelContext } from '@rectify/core';

/**
 * CPU kernels of ELU, on core's element-wise math (`eluInto`, `eluGradInto`): WebAssembly SIMD in float64 where the
 * engine has it, `Math.expm1`/`Math.exp` loops otherwise. expm1 keeps full relative precision for tiny negative
 * inputs (`exp(x) − 1` would lose it all near 0). The derivative for x <= 0 is `alpha·exp(x)`, not `y + alpha`: `y`
 * is rounded to float32, so `y + alpha` cancels to 0 for large negative x (at x = −20 the true value is 2.1e−9).
 */
export const eluCpu: CpuActivationKernels = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext): void {
    eluInto(x, y, ctx.length, ctx.hyper.alpha);
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext): void {
    eluGradInto(x, dy, dx, ctx.length, ctx.hyper.alpha);
  },
};
