import { type CpuActivationKernels, type KernelContext, reluGradInto, reluInto } from '@rectify/core';

/**
 * CPU kernels of ReLU, uncapped and capped.
 *
 * Random signs make a `x > 0 ? x : 0` branch mispredict half the time (~7 ns/element); the forms below have no
 * data-dependent branch and give bit-identical results:
 * - `(v + |v|) * 0.5` is exact for float32 inputs computed in float64; the inputs it gets wrong are −∞
 *   (−∞ + ∞ = NaN) and −0 (it gives +0, PyTorch's relu(−0) is −0), which rarely taken, always predicted checks
 *   handle.
 * - the derivative is `dy * (x > 0) + 0`: exactly `f'(x) * dy` in IEEE arithmetic (so an infinite or NaN `dy` is
 *   never masked to 0), and `+ 0` turns the −0 of a negative `dy` into PyTorch's +0; a NaN `x` gives NaN through
 *   the predicted `v !== v` check.
 *
 * Core's WebAssembly SIMD kernels (`reluInto`, `reluGradInto`) compute the same exact values several times faster;
 * these loops run when they decline (no SIMD, short arrays, `setVmathKernel('js')`).
 */
export const reluCpu: CpuActivationKernels<'cap'> = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext<'cap'>): void {
    const n = ctx.length;
    const cap = ctx.hyper.cap;
    if (reluInto(x, y, n, cap)) return;
    if (cap === Number.POSITIVE_INFINITY) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        y[i] = v === 0 ? v : v === Number.NEGATIVE_INFINITY ? 0 : (v + Math.abs(v)) * 0.5;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const r = v === 0 ? v : v === Number.NEGATIVE_INFINITY ? 0 : (v + Math.abs(v)) * 0.5;
      // Most inputs of a capped ReLU sit below the cap, so this branch is well predicted; NaN falls through.
      // biome-ignore lint/complexity/useMathMinMax: V8 compiles Math.min to a compare-and-branch that is slower here.
      y[i] = r > cap ? cap : r;
    }
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext<'cap'>): void {
    const n = ctx.length;
    const cap = ctx.hyper.cap;
    if (reluGradInto(x, dy, dx, n, cap)) return;
    if (cap === Number.POSITIVE_INFINITY) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        dx[i] = v !== v ? v : dy[i]! * +(v > 0) + 0;
      }
      return;
    }
    // PyTorch's relu6 is hardtanh(0, 6), whose gradient is 0 for x <= 0 and for x >= cap (exactly at the cap too).
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      dx[i] = v !== v ? v : dy[i]! * (+(v > 0) & +(v < cap)) + 0;
    }
  },
};
