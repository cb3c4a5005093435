import type { CpuActivationKernels, KernelContext } from '@rectify/core';

/**
 * CPU kernels of ELU. `Math.expm1` keeps full relative precision for tiny negative inputs (`exp(x) − 1` would
 * lose it all near 0). The derivative for x <= 0 is `alpha·exp(x)`, not `y + alpha`: `y` is rounded to float32, so
 * `y + alpha` cancels to 0 for large negative x (at x = −20 the true value is 2.1e−9).
 *
 * These loops keep the `x > 0` branch: measured with 2^20 random-sign inputs, the transcendental call dominates and
 * branch-free variants that evaluate it for every element were about 2.5× slower.
 */
export const eluCpu: CpuActivationKernels = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext): void {
    const n = ctx.length;
    const alpha = ctx.hyper.alpha;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      y[i] = v > 0 ? v : alpha * Math.expm1(v);
    }
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext): void {
    const n = ctx.length;
    const alpha = ctx.hyper.alpha;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      dx[i] = v > 0 ? dy[i] : alpha * Math.exp(v) * dy[i];
    }
  },
};
