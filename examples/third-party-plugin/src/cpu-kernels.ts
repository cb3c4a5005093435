import {
  allocKernelFloats,
  type CpuActivationKernels,
  expF32Into,
  type KernelContext,
  swishF32Into,
  swishGradF32Into,
} from '@rectify/core';

type SwishContext = KernelContext<'numParameters', 'beta'>;

/**
 * Scratch space in kernel memory (`allocKernelFloats`), where core's vector math runs in place; grown (never shrunk)
 * to the longest call, so the kernels allocate nothing in steady state.
 */
let scratch = allocKernelFloats(1024);
function scratchFor(n: number): Float32Array {
  if (scratch.length < n) scratch = allocKernelFloats(n);
  return scratch;
}

/** `e[i] = exp(−|β x[i]|)` for every element, β per channel (β = 0 gives z = 0, so 0 · ∞ never makes NaN). */
function expOfMinusAbsZ(x: Float32Array, e: Float32Array, ctx: SwishContext): void {
  const n = ctx.length;
  const beta = ctx.params.beta;
  const block = beta.length === 1 ? n : ctx.inner;
  for (let start = 0, b = 0; start < n; start += block, b++) {
    const k = beta.length === 1 ? beta[0]! : beta[b % ctx.channels]!;
    const end = Math.min(start + block, n);
    if (k === 0) e.fill(0, start, end);
    else for (let i = start; i < end; i++) e[i] = -Math.abs(k * x[i]!);
  }
  expF32Into(e, e, n);
}

/**
 * CPU kernels of Swish `y = x · σ(β x)` built on core's vector math. With one shared β (the default) each pass is one
 * call of a fused block: `swishF32Into` forward, `swishGradF32Into` backward, which also returns the β gradient; its
 * derivative keeps its relative precision through its zero at β x ≈ −1.28 (see their docs).
 *
 * A per-channel β takes this path (a call per channel run would pass a β and return a sum per run, a few boxed
 * numbers each, which the testkit's allocation check rightly counts): one pass of `expF32Into` (float32 WebAssembly
 * SIMD, ≤ 1 ulp) computes `e = exp(−|β x|)` for the whole array, and a plain loop around it takes
 * σ = 1/(1 + e) or e/(1 + e) and 1 − σ from it, selected by the sign of β x with arithmetic instead of a branch
 * (random signs would mispredict). `1 − σ` never cancels, nothing overflows, and where σ or σ(1 − σ) is exactly 0
 * (x = ±∞) the products take their limit 0 instead of ∞ · 0 = NaN; NaN in gives NaN out.
 * - `dy/dx = σ + β x σ (1 − σ)`, `dy/dβ = x² σ (1 − σ)`, summed per channel in float64.
 * - float32 `β x` is rounded before the exponential, so σ(β x) carries a relative error up to |β x| · 2^−24 (as in
 *   any float32 Swish): up to ~1e−5 near the float32 underflow of σ.
 * The scalar functions in `swish.ts` are the definition; the testkit checks these kernels against them.
 */
export const swishCpuKernels: CpuActivationKernels<'numParameters', 'beta'> = {
  forward(x, y, ctx) {
    const n = ctx.length;
    if (ctx.params.beta.length === 1) {
      swishF32Into(x, y, n, ctx.params.beta[0]!);
      return;
    }
    const e = scratchFor(n);
    expOfMinusAbsZ(x, e, ctx);
    const beta = ctx.params.beta;
    const block = beta.length === 1 ? n : ctx.inner;
    for (let start = 0, b = 0; start < n; start += block, b++) {
      const k = beta.length === 1 ? beta[0]! : beta[b % ctx.channels]!;
      const end = Math.min(start + block, n);
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        const ei = e[i]!;
        const p = +(k * v >= 0);
        const s = (p + (1 - p) * ei) / (1 + ei);
        y[i] = s === 0 ? 0 : v * s;
      }
    }
  },
  backward(x, _y, dy, dx, ctx) {
    const n = ctx.length;
    // β = 0 takes the general path: its β·x·σ(1 − σ) term is NaN for x = NaN or ±∞, as in the definition (and in
    // PyTorch's autograd), where the fused block takes βx as exactly 0.
    if (ctx.params.beta.length === 1 && ctx.params.beta[0] !== 0) {
      ctx.grads.beta[0]! += swishGradF32Into(x, dy, dx, n, ctx.params.beta[0]!);
      return;
    }
    const e = scratchFor(n);
    expOfMinusAbsZ(x, e, ctx);
    const beta = ctx.params.beta;
    const grad = ctx.grads.beta;
    const block = beta.length === 1 ? n : ctx.inner;
    let sharedSum = 0;
    for (let start = 0, b = 0; start < n; start += block, b++) {
      const c = b % ctx.channels;
      const k = beta.length === 1 ? beta[0]! : beta[c]!;
      const end = Math.min(start + block, n);
      let sum = 0;
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        const ei = e[i]!;
        const g = dy[i]!;
        const p = +(k * v >= 0);
        const r = 1 / (1 + ei);
        const s = (p + (1 - p) * ei) * r;
        const t = s * (p * ei + (1 - p)) * r;
        dx[i] = t === 0 ? s * g : (s + k * v * t) * g;
        sum += t === 0 ? 0 : v * (v * t * g);
      }
      if (grad.length === 1) sharedSum += sum;
      else grad[c]! += sum;
    }
    if (grad.length === 1) grad[0]! += sharedSum;
  },
};
