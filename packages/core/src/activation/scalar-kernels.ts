import type { CpuActivationKernels, GpuActivationKernels, KernelContext } from './contract';

/** The most hyper-parameters plus learnable parameters a scalar definition may have (one call shape serves all). */
export const MAX_SCALAR_EXTRA_ARGUMENTS = 8;

type Scalar = (...args: number[]) => number;

/**
 * Derives allocation-free CPU kernels from an activation's scalar functions (the gpu.js argument order: `x` or
 * `x, y, dy`, then the hyper-parameters in `hyperKeys` order, then the element's value of each learnable in
 * `learnKeys` order). Arguments are loaded once per run of `inner` elements of one channel; each learnable's
 * gradient is summed per channel in float64 (element order) into a scratch array owned by these kernels, grown
 * to the largest channel count seen and never shrunk, and added to `ctx.grads` once per call.
 */
export function deriveCpuKernels(
  scalar: GpuActivationKernels,
  hyperKeys: readonly string[],
  learnKeys: readonly string[],
): CpuActivationKernels {
  const f = scalar.forward as Scalar;
  const df = scalar.backward as Scalar;
  const grads = (scalar.paramGrads ?? {}) as Readonly<Record<string, Scalar>>;
  const dp = learnKeys.map((k) => grads[k]!);
  const nh = hyperKeys.length;
  const nl = learnKeys.length;
  const a = new Float64Array(MAX_SCALAR_EXTRA_ARGUMENTS);
  let sums = new Float64Array(Math.max(1, nl) * 16);

  /** Loads the hyper-parameters into `a`. */
  const loadHyper = (ctx: KernelContext) => {
    for (let j = 0; j < nh; j++) a[j] = ctx.hyper[hyperKeys[j]!]!;
  };
  /** Loads each learnable's value for channel `c` into `a`. */
  const loadLearnable = (ctx: KernelContext, c: number) => {
    for (let j = 0; j < nl; j++) {
      const v = ctx.params[learnKeys[j]!]!;
      a[nh + j] = v.length === 1 ? v[0]! : v[c]!;
    }
  };

  return {
    forward(x, y, ctx) {
      const n = ctx.length;
      loadHyper(ctx);
      const block = nl === 0 ? n : ctx.inner;
      for (let start = 0, b = 0; start < n; start += block, b++) {
        if (nl > 0) loadLearnable(ctx, b % ctx.channels);
        const end = Math.min(start + block, n);
        const a0 = a[0];
        const a1 = a[1];
        const a2 = a[2];
        const a3 = a[3];
        const a4 = a[4];
        const a5 = a[5];
        const a6 = a[6];
        const a7 = a[7];
        for (let i = start; i < end; i++) y[i] = f(x[i]!, a0!, a1!, a2!, a3!, a4!, a5!, a6!, a7!);
      }
    },
    backward(x, y, dy, dx, ctx) {
      const n = ctx.length;
      const channels = ctx.channels;
      loadHyper(ctx);
      if (nl > 0 && sums.length < nl * channels) sums = new Float64Array(nl * channels);
      if (nl > 0) sums.fill(0, 0, nl * channels);
      const block = nl === 0 ? n : ctx.inner;
      for (let start = 0, b = 0; start < n; start += block, b++) {
        const c = b % channels;
        if (nl > 0) loadLearnable(ctx, c);
        const end = Math.min(start + block, n);
        const a0 = a[0]!;
        const a1 = a[1]!;
        const a2 = a[2]!;
        const a3 = a[3]!;
        const a4 = a[4]!;
        const a5 = a[5]!;
        const a6 = a[6]!;
        const a7 = a[7]!;
        for (let i = start; i < end; i++) dx[i] = df(x[i]!, y[i]!, dy[i]!, a0, a1, a2, a3, a4, a5, a6, a7);
        for (let j = 0; j < nl; j++) {
          const g = dp[j]!;
          let s = 0;
          for (let i = start; i < end; i++) s += g(x[i]!, y[i]!, dy[i]!, a0, a1, a2, a3, a4, a5, a6, a7);
          sums[j * channels + c]! += s;
        }
      }
      for (let j = 0; j < nl; j++) {
        const grad = ctx.grads[learnKeys[j]!]!;
        if (grad.length === 1) {
          let s = 0;
          for (let c = 0; c < channels; c++) s += sums[j * channels + c]!;
          grad[0]! += s;
        } else for (let c = 0; c < grad.length; c++) grad[c]! += sums[j * channels + c]!;
      }
    },
  };
}
