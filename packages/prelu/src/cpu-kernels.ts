import { type CpuActivationKernels, type KernelContext, preluGradInto, preluInto } from '@rectify/core';

/*
 * Like Leaky ReLU, each element is multiplied by `a + (1 − a)·(x > 0)`, which is exactly 1 or exactly `a` when
 * `a + (1 − a) === 1` and `a` is not −0 (for −0 the sum `−0 + 0` would lose the sign); otherwise a branchy loop
 * runs. So results are bit-identical to `x > 0 ? x : a·x` without a data-dependent branch. ∂f/∂a is `min(x, 0)`,
 * computed as `(x − |x|)·0.5` (exact for float32 inputs; +∞ is the one input it gets wrong, so a predicted check
 * handles it).
 *
 * Per channel, the loops walk memory in order (sample row by row, channel c, then its contiguous `inner` block) and
 * sum the slope gradient of channel c in `scratch[c]`, a float64 accumulator, so each channel's elements are added in
 * the same order as a channel-by-channel float64 sum; `grads.slope[c]` receives the sum once at the end. A shared
 * slope's sum instead runs in eight partial sums by element index mod 8 (see {@link backwardShared}).
 *
 * Core's WebAssembly SIMD kernels (`preluInto`, `preluGradInto`) compute the same forward, input gradient and
 * ordered float64 slope sums (the `slopeTerm` of every element) faster for a shared slope and for per-channel slopes
 * with `inner === 1` (backward: channel count a multiple of 4). These loops run when they decline (no SIMD, short
 * arrays, other layouts, `setVmathKernel('js')`); their fast sums equal the careful ones whenever not NaN.
 */

/** Float64 per-channel slope-gradient sums, grown (never shrunk) to the largest channel count seen. */
let scratch = new Float64Array(64);
/** The shared slope's sum. */
const scratch1 = new Float64Array(1);
/** The shared slope's eight partial sums (see {@link backwardShared}). */
const partials = new Float64Array(8);

/** Whether the branch-free form is bit-identical to the branchy one for slope `a`. */
function exact(a: number): boolean {
  return a + (1 - a) === 1 && !Object.is(a, -0);
}

/** Whether {@link exact} holds for every slope in `slope[0, count)`. */
function allExact(slope: Float32Array, count: number): boolean {
  for (let c = 0; c < count; c++) if (!exact(slope[c]!)) return false;
  return true;
}

/** `min(v, 0)·d` for float32 `v`; NaN only for a NaN `v` (or a NaN product, as in the float64 reference). */
function slopeTerm(v: number, d: number): number {
  const m = (v - Math.abs(v)) * 0.5;
  return (m === m ? m : v === Number.POSITIVE_INFINITY ? 0 : m) * d;
}

/** Forward over `[start, end)` with one slope. */
function forwardRange(x: Float32Array, y: Float32Array, a: number, start: number, end: number): void {
  const k = 1 - a;
  if (exact(a)) {
    for (let i = start; i < end; i++) {
      const v = x[i]!;
      y[i] = v * (a + k * +(v > 0));
    }
  } else {
    for (let i = start; i < end; i++) {
      const v = x[i]!;
      y[i] = v > 0 ? v : a * v;
    }
  }
}

/**
 * Backward over `[start, end)` with one slope; returns `g` plus the float64 sum of `min(x, 0)·dy`, in order.
 *
 * The fast loop has no NaN or +∞ checks: a NaN or +∞ in `x` makes its sum NaN (as does a NaN product, which the
 * careful loop reproduces), and then the careful loop redoes the range from the same `g`, overwriting `dx`.
 */
function backwardRange(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  a: number,
  start: number,
  end: number,
  g: number,
): number {
  const k = 1 - a;
  if (exact(a)) {
    let sum = g;
    for (let i = start; i < end; i++) {
      const v = x[i]!;
      const d = dy[i]!;
      dx[i] = d * (a + k * +(v > 0));
      sum += (v - Math.abs(v)) * 0.5 * d;
    }
    if (sum === sum) return sum;
  }
  for (let i = start; i < end; i++) {
    const v = x[i]!;
    const d = dy[i]!;
    dx[i] = v !== v ? v : v > 0 ? d : a * d;
    g += slopeTerm(v, d);
  }
  return g;
}

/**
 * Backward with one shared slope over `[0, n)`; returns the float64 sum of `min(x, 0)·dy` in the order core's SIMD
 * kernel uses (`preluGradInto`): term i into partial sum i mod 8 (each in element order, from +0), then
 * `((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))`. Eight independent chains instead of one: the add latency no
 * longer bounds the loop. Like {@link backwardRange}, a NaN sum from the fast loop reruns the careful one.
 */
function backwardShared(x: Float32Array, dy: Float32Array, dx: Float32Array, a: number, n: number): number {
  const k = 1 - a;
  const p = partials;
  if (exact(a)) {
    p.fill(0);
    const n8 = n & -8;
    for (let i = 0; i < n8; i += 8) {
      for (let j = 0; j < 8; j++) {
        const v = x[i + j]!;
        const d = dy[i + j]!;
        dx[i + j] = d * (a + k * +(v > 0));
        p[j]! += (v - Math.abs(v)) * 0.5 * d;
      }
    }
    for (let i = n8; i < n; i++) {
      const v = x[i]!;
      const d = dy[i]!;
      dx[i] = d * (a + k * +(v > 0));
      p[i - n8]! += (v - Math.abs(v)) * 0.5 * d;
    }
    const sum = combine(p);
    if (sum === sum) return sum;
  }
  p.fill(0);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = dy[i]!;
    dx[i] = v !== v ? v : v > 0 ? d : a * d;
    p[i & 7]! += slopeTerm(v, d);
  }
  return combine(p);
}

/** The fixed combination of the eight partial sums of {@link backwardShared}. */
function combine(p: Float64Array): number {
  return p[0]! + p[1]! + (p[2]! + p[3]!) + (p[4]! + p[5]! + (p[6]! + p[7]!));
}

/** Per-channel forward, `inner === 1`: one element per channel per row, so no block loop. */
function forwardDense(x: Float32Array, y: Float32Array, slope: Float32Array, channels: number, n: number): void {
  if (!allExact(slope, channels)) {
    for (let row = 0; row < n; row += channels) {
      const end = Math.min(row + channels, n);
      for (let i = row, c = 0; i < end; i++, c++) {
        const v = x[i]!;
        y[i] = v > 0 ? v : slope[c]! * v;
      }
    }
    return;
  }
  for (let row = 0; row < n; row += channels) {
    const end = Math.min(row + channels, n);
    for (let i = row, c = 0; i < end; i++, c++) {
      const v = x[i]!;
      const a = slope[c]!;
      y[i] = v * (a + (1 - a) * +(v > 0));
    }
  }
}

/**
 * Per-channel backward, `inner === 1`; adds each channel's slope-gradient sum into `sums[c]` (zero on entry).
 * Same fast loop / careful redo as {@link backwardRange}, decided for the whole tensor.
 */
function backwardDense(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  slope: Float32Array,
  sums: Float64Array,
  channels: number,
  n: number,
): void {
  if (allExact(slope, channels)) {
    for (let row = 0; row < n; row += channels) {
      const count = Math.min(channels, n - row);
      for (let c = 0; c < count; c++) {
        const v = x[row + c]!;
        const d = dy[row + c]!;
        const a = slope[c]!;
        dx[row + c] = d * (a + (1 - a) * +(v > 0));
        sums[c]! += (v - Math.abs(v)) * 0.5 * d;
      }
    }
    let ok = true;
    for (let c = 0; c < channels; c++) ok = ok && sums[c]! === sums[c]!;
    if (ok) return;
    sums.fill(0, 0, channels);
  }
  for (let row = 0; row < n; row += channels) {
    const end = Math.min(row + channels, n);
    for (let i = row, c = 0; i < end; i++, c++) {
      const v = x[i]!;
      const d = dy[i]!;
      dx[i] = v !== v ? v : v > 0 ? d : slope[c]! * d;
      sums[c]! += slopeTerm(v, d);
    }
  }
}

/*
 * Every long loop lives in a function of its own that ends right after it. V8 on-stack-replaces a hot loop with code
 * compiled from the feedback seen so far; were a loop followed by statements that have not run yet (the first large
 * per-channel call after shared-slope ones), that code would deoptimise after the loop on every call, and Node 20
 * keeps re-entering it: boxed numbers and a garbage collection every few calls.
 */

/** Per-channel forward in blocks of `inner` elements. */
function forwardBlocks(x: Float32Array, y: Float32Array, slope: Float32Array, channels: number, inner: number, n: number): void {
  for (let start = 0, c = 0; start < n; start += inner) {
    forwardRange(x, y, slope[c]!, start, Math.min(start + inner, n));
    if (++c === channels) c = 0;
  }
}

/** Per-channel backward in blocks of `inner` elements; adds each channel's slope-gradient sum into `sums[c]`. */
function backwardBlocks(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  slope: Float32Array,
  sums: Float64Array,
  channels: number,
  inner: number,
  n: number,
): void {
  for (let start = 0, c = 0; start < n; start += inner) {
    sums[c] = backwardRange(x, dy, dx, slope[c]!, start, Math.min(start + inner, n), sums[c]!);
    if (++c === channels) c = 0;
  }
}

/** `grad[c] += sums[c]` for every channel. */
function addSums(grad: Float32Array, sums: Float64Array, channels: number): void {
  for (let c = 0; c < channels; c++) grad[c]! += sums[c]!;
}

/** CPU kernels of PReLU with one shared slope (`slope.length === 1`) or one slope per channel. */
export const preluCpu: CpuActivationKernels<'numParameters' | 'init', 'slope'> = {
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext<'numParameters' | 'init', 'slope'>): void {
    const slope = ctx.params.slope;
    const n = ctx.length;
    if (preluInto(x, y, n, slope, ctx.channels, ctx.inner)) return;
    if (slope.length === 1) {
      forwardRange(x, y, slope[0]!, 0, n);
      return;
    }
    const { channels, inner } = ctx;
    if (inner === 1) {
      forwardDense(x, y, slope, channels, n);
      return;
    }
    forwardBlocks(x, y, slope, channels, inner, n);
  },
  backward(
    x: Float32Array,
    _y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    ctx: KernelContext<'numParameters' | 'init', 'slope'>,
  ): void {
    const slope = ctx.params.slope;
    const grad = ctx.grads.slope;
    const n = ctx.length;
    const { channels, inner } = ctx;
    if (slope.length === 1) {
      scratch1[0] = 0;
      grad[0]! += preluGradInto(x, dy, dx, n, slope, channels, inner, scratch1)
        ? scratch1[0]!
        : backwardShared(x, dy, dx, slope[0]!, n);
      return;
    }
    if (scratch.length < channels) scratch = new Float64Array(Math.max(channels, scratch.length * 2));
    const sums = scratch;
    sums.fill(0, 0, channels);
    if (!preluGradInto(x, dy, dx, n, slope, channels, inner, sums)) {
      if (inner === 1) backwardDense(x, dy, dx, slope, sums, channels, n);
      else backwardBlocks(x, dy, dx, slope, sums, channels, inner, n);
    }
    addSums(grad, sums, channels);
  },
};
