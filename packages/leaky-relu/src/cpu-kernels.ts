import { type CpuActivationKernels, type KernelContext, leakyReluGradInto, leakyReluInto } from '@rectify/core';

/**
 * CPU kernels of Leaky ReLU.
 *
 * `x > 0 ? x : s·x` mispredicts on random signs (~7 ns/element). Instead each element is multiplied by the factor
 * `s + (1 − s)·(x > 0)`, which is exactly 1 or exactly `s` whenever `s + (1 − s) === 1` (true for every slope in
 * [0, 2] except −0, for which `−0 + 1·0` is +0; checked per call, with the branchy loop as the fallback), so the
 * result is bit-identical: `x·1 = x` and `x·s = s·x`. The derivative is the same factor times `dy`; a NaN `x` gives
 * NaN through a predicted check.
 *
 * Core's WebAssembly SIMD kernels (`leakyReluInto`, `leakyReluGradInto`) compute the same exact values several times
 * faster; these loops run when they decline (no SIMD, short arrays, `setVmathKernel('js')`).
 */

/** Whether the factor `s + (1 − s)·(x > 0)` is exactly 1 or exactly `s`. */
function exact(s: number): boolean {
  return s + (1 - s) === 1 && !Object.is(s, -0);
}
export const leakyReluCpu: CpuActivationKernels<'negativeSlope'> = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext<'negativeSlope'>): void {
    const n = ctx.length;
    const s = ctx.hyper.negativeSlope;
    if (leakyReluInto(x, y, n, s)) return;
    const c = 1 - s;
    if (!exact(s)) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : s * v;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = v * (s + c * +(v > 0));
    }
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext<'negativeSlope'>): void {
    const n = ctx.length;
    const s = ctx.hyper.negativeSlope;
    if (leakyReluGradInto(x, dy, dx, n, s)) return;
    const c = 1 - s;
    if (!exact(s)) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        dx[i] = v !== v ? v : v > 0 ? dy[i]! : s * dy[i]!;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      dx[i] = v !== v ? v : dy[i]! * (s + c * +(v > 0));
    }
  },
};
