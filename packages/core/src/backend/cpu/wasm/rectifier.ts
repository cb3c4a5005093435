/**
 * WebAssembly SIMD kernels of ReLU, Leaky ReLU and PReLU for the CPU kernels of the plugin packages. Every value is
 * exact (compares, selects and one product rounded once to float32), so the results are bit-identical to the
 * plain-JavaScript loops `x > 0 ? x : s·x` etc. computed in float64 and stored to float32 — including −0, NaN and
 * ±∞ — whatever the length and however an array is split into blocks.
 *
 * Each function writes only `[0, length)` of its output, allocates nothing for arrays up to `RECTIFIER_CHUNK` (2^16)
 * elements, and returns `true` when it did the work. It returns `false`, writing nothing, when the caller should
 * run its own JavaScript loop instead: no WebAssembly SIMD, `setVmathKernel('js')`, fewer than
 * {@link RECTIFIER_MIN_LENGTH} elements (the copy in and out costs more than it saves), or a layout or parameter the
 * module does not cover (documented per function).
 */
import {
  preluPeriod,
  RECTIFIER_MAX_CHANNELS,
  type RectifierBinary,
  type RectifierUnary,
  WasmRectifier,
} from './rectifier-kernel';
import { LazyKernel } from '../kernel-switch';
import { vmathMode } from './vmath-mode';

/**
 * Shortest array the rectifier functions ({@link reluInto} and the others) run in WebAssembly; below it they return
 * false and the caller's JavaScript loop, bit-identical, is faster.
 */
export const RECTIFIER_MIN_LENGTH = 64;

const kernel = /* @__PURE__ */ new LazyKernel(WasmRectifier.create, vmathMode);

/** What the rectifier kernels run on here: `wasm-simd` when available and not disabled, else `js` (the callers' loops). */
export function rectifierKernel(): 'wasm-simd' | 'js' {
  return kernel.runsOn();
}

function use(length: number): WasmRectifier | null {
  return length < RECTIFIER_MIN_LENGTH ? null : kernel.enabled();
}

function unary(fn: RectifierUnary, x: Float32Array, y: Float32Array, length: number, k: number): boolean {
  const w = use(length);
  if (!w) return false;
  w.unary(fn, x, y, length, k);
  return true;
}

function binary(fn: RectifierBinary, x: Float32Array, dy: Float32Array, dx: Float32Array, n: number, k: number): boolean {
  const w = use(n);
  if (!w) return false;
  w.binary(fn, x, dy, dx, n, k);
  return true;
}

const f32 = Math.fround;
const bits = /* @__PURE__ */ new Int32Array(1);
const asFloat = /* @__PURE__ */ new Float32Array(bits.buffer);

/** The float32 t with `v < cap ⟺ v < t` for every float32 v, for a positive cap (t = fround(cap) or the next float up). */
function belowThreshold(cap: number): number {
  const c = f32(cap);
  if (c >= cap) return c;
  asFloat[0] = c;
  bits[0] += 1; // c is positive and finite here: its successor
  return asFloat[0];
}

/**
 * ReLU forward, `y[i] = min(max(x[i], 0), cap)` for i in [0, length), as the loop
 * `r = x > 0 ? x : (x is NaN ? x : 0); y = r > cap ? cap : r`: +0 for −0 and −∞, NaN stays NaN. `cap` defaults to
 * +∞ (no cap); a cap that is not positive returns false. `y` may be `x`. Returns false when the caller must run its
 * own loop (see the module comment).
 */
export function reluInto(x: Float32Array, y: Float32Array, length: number, cap = Number.POSITIVE_INFINITY): boolean {
  if (cap === Number.POSITIVE_INFINITY) return unary('relu', x, y, length, 0);
  if (!(cap > 0)) return false;
  // r > cap and r > fround(cap) pick the same value for float32 r (they differ only where r = fround(cap)).
  return unary('reluCap', x, y, length, f32(cap));
}

/**
 * ReLU backward, `dx[i] = dy[i]·(x[i] > 0 && x[i] < cap ? 1 : 0)` for i in [0, length): a multiply by exactly 1 or 0,
 * so an infinite or NaN `dy` is never masked (∞·0 = NaN), and a NaN `x` gives NaN. `cap` defaults to +∞; a cap that
 * is not positive returns false. `dx` may alias `dy`. Returns false when the caller must run its own loop.
 */
export function reluGradInto(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  length: number,
  cap = Number.POSITIVE_INFINITY,
): boolean {
  if (cap === Number.POSITIVE_INFINITY) return binary('reluGrad', x, dy, dx, length, Number.NaN);
  if (!(cap > 0)) return false;
  return binary('reluGrad', x, dy, dx, length, belowThreshold(cap));
}

/**
 * Leaky ReLU forward, `y[i] = x[i] > 0 ? x[i] : slope·x[i]` for i in [0, length), the product in float64 rounded once
 * to float32 (`Math.fround(slope * x)`), for any slope (−0, 0, huge, NaN). `y` may be `x`. Returns false when the
 * caller must run its own loop.
 */
export function leakyReluInto(x: Float32Array, y: Float32Array, length: number, slope: number): boolean {
  // A float32 slope gives the same product in float32 arithmetic (the exact product rounded once), which is cheaper.
  return unary(f32(slope) === slope ? 'leaky32' : 'leaky', x, y, length, slope);
}

/**
 * Leaky ReLU backward, `dx[i] = x[i] is NaN ? NaN : x[i] > 0 ? dy[i] : slope·dy[i]` for i in [0, length), the
 * product rounded once to float32. `dx` may alias `dy`. Returns false when the caller must run its own loop.
 */
export function leakyReluGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, slope: number): boolean {
  return binary(f32(slope) === slope ? 'leakyGrad32' : 'leakyGrad', x, dy, dx, length, slope);
}

/**
 * Whether the module covers this PReLU layout: one shared slope, or one per channel with `inner === 1` and at least
 * one period of the slope pattern (lcm(channels, 4) floats, written per call) in the array.
 */
function preluLayout(slope: Float32Array, channels: number, inner: number, length: number): boolean {
  if (slope.length === 1) return true;
  return inner === 1 && channels === slope.length && channels <= RECTIFIER_MAX_CHANNELS && preluPeriod(channels) <= length;
}

/**
 * PReLU forward, `y[i] = x[i] > 0 ? x[i] : a·x[i]` with `a = slope[0]` when `slope.length === 1`, else
 * `a = slope[c]` for element i of channel c in the layout `[rows, channels, inner]` (c = ⌊i / inner⌋ mod channels).
 * Covers a shared slope and per-channel slopes with `inner === 1` (dense layers) up to 2^16 channels and
 * `length ≥ lcm(channels, 4)`; returns false for other layouts and when the caller must run its own loop. `y` may be
 * `x`.
 */
export function preluInto(
  x: Float32Array,
  y: Float32Array,
  length: number,
  slope: Float32Array,
  channels: number,
  inner: number,
): boolean {
  if (!preluLayout(slope, channels, inner, length)) return false;
  if (slope.length === 1) return unary('leaky32', x, y, length, slope[0]);
  const w = use(length);
  if (!w) return false;
  w.prelu(x, null, y, length, slope, channels);
  return true;
}

/**
 * PReLU backward: `dx[i] = x[i] is NaN ? NaN : x[i] > 0 ? dy[i] : a·dy[i]` with the slope `a` of element i as in
 * {@link preluInto}, and the slope gradient: `sums[c] += min(x[i], 0)·dy[i]` for every element i of channel c in
 * float64 (the product of two float32s is exact there; min(+∞, 0) = 0). Per channel, the terms are added one by one
 * in element order; a shared slope instead sums term i into partial i mod 8 (each in element order from +0) and adds
 * `((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))` to `sums[0]` (no serial chain). Covers a shared slope (`sums[0]`) and per-channel slopes with `inner === 1` and a channel
 * count that is a multiple of 4 (up to 2^16); returns false, changing nothing, for other layouts, for a sum that
 * starts at −0 (the sign of a zero term is not kept), and when the caller must run its own loop. `sums` must not be a
 * view of `dx`; `dx` may alias `dy`.
 */
export function preluGradInto(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  length: number,
  slope: Float32Array,
  channels: number,
  inner: number,
  sums: Float64Array,
): boolean {
  if (!preluLayout(slope, channels, inner, length)) return false;
  if (slope.length > 1 && channels % 4 !== 0) return false;
  // −0 + (+0) = +0, and a zero term may come out as +0 where the loop has −0: exact for every other start value.
  for (let c = 0; c < slope.length; c++) if (Object.is(sums[c], -0)) return false;
  const w = use(length);
  if (!w) return false;
  if (slope.length === 1) sums[0] = w.leakyGradSum(x, dy, dx, length, slope[0], sums[0]);
  else w.prelu(x, dy, dx, length, slope, channels, sums);
  return true;
}
