import type { CpuActivationKernels, KernelContext } from '@rectify/core';

/*
 * Like Leaky ReLU, each element is multiplied by `a + (1 − a)·(x > 0)`, which is exactly 1 or exactly `a` when
 * `a + (1 − a) === 1` (checked per channel; a branchy loop otherwise), so results are bit-identical to
 * `x > 0 ? x : a·x` without a data-dependent branch. ∂f/∂a is `min(x, 0)`, computed as `(x − |x|)·0.5` (exact for
 * float32 inputs; +∞ is the one input it gets wrong, so a predicted check handles it).
 *
 * Per channel, the loops run channel by channel (elements `c·inner + k + s·channels·inner`) so that the slope
 * gradient of a channel is summed in a float64 local and added to `grads.slope[c]` once.
 */

/** Applies slope `a` to the elements of one channel: `[start, end)` blocks every `stride` elements up to `n`. */
function forwardChannel(
  x: Float32Array,
  y: Float32Array,
  a: number,
  first: number,
  inner: number,
  stride: number,
  n: number,
): void {
  const k = 1 - a;
  const exact = a + k === 1;
  for (let start = first; start < n; start += stride) {
    const end = Math.min(start + inner, n);
    if (exact) {
      for (let i = start; i < end; i++) {
        const v = x[i];
        y[i] = v * (a + k * +(v > 0));
      }
    } else {
      for (let i = start; i < end; i++) {
        const v = x[i];
        y[i] = v > 0 ? v : a * v;
      }
    }
  }
}

/** Backward of one channel; returns the float64 sum of `min(x, 0)·dy` over its elements. */
function backwardChannel(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  a: number,
  first: number,
  inner: number,
  stride: number,
  n: number,
): number {
  const k = 1 - a;
  const exact = a + k === 1;
  let g = 0;
  for (let start = first; start < n; start += stride) {
    const end = Math.min(start + inner, n);
    for (let i = start; i < end; i++) {
      const v = x[i];
      const d = dy[i];
      dx[i] = v !== v ? v : exact ? d * (a + k * +(v > 0)) : v > 0 ? d : a * d;
      // min(x, 0); NaN only for x = +∞ (where the answer is 0) or a NaN x (which must stay NaN).
      const m = (v - Math.abs(v)) * 0.5;
      g += (m === m ? m : v === Number.POSITIVE_INFINITY ? 0 : m) * d;
    }
  }
  return g;
}

/** CPU kernels of PReLU with one shared slope (`slope.length === 1`) or one slope per channel. */
export const preluCpu: CpuActivationKernels = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext): void {
    const slope = ctx.params.slope;
    const n = ctx.length;
    if (slope.length === 1) {
      forwardChannel(x, y, slope[0], 0, n, n, n);
      return;
    }
    const stride = ctx.channels * ctx.inner;
    for (let c = 0; c < ctx.channels; c++) forwardChannel(x, y, slope[c], c * ctx.inner, ctx.inner, stride, n);
  },
  backward(x: Float32Array, _y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext): void {
    const slope = ctx.params.slope;
    const grad = ctx.grads.slope;
    const n = ctx.length;
    if (slope.length === 1) {
      grad[0] += backwardChannel(x, dy, dx, slope[0], 0, n, n, n);
      return;
    }
    const stride = ctx.channels * ctx.inner;
    for (let c = 0; c < ctx.channels; c++) {
      grad[c] += backwardChannel(x, dy, dx, slope[c], c * ctx.inner, ctx.inner, stride, n);
    }
  },
};
