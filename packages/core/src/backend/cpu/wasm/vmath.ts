/**
 * Element-wise exp-based math over float32 arrays, for CPU activation kernels (core's sigmoid and tanh, and plugin
 * packages such as `@rectify/elu`). Each function reads `x[0, length)`, writes `y[0, length)` (nothing else), allocates
 * nothing in steady state and may be called with `y === x`.
 *
 * With WebAssembly SIMD the work runs in a small module (`scripts/vmath-wat.mjs`) that computes in float64 and rounds
 * once to float32: the result is the correctly rounded float32 of the exact value except within ~2e−13 relative of
 * a rounding boundary (at most 1 float32 ulp off; measured about 1 element in 10^6 differing from
 * `Math.fround(Math.exp(x))`, which itself is not correctly rounded). NaN gives NaN, ±∞ and overflow saturate like
 * `Math`, −0 is kept where the function is odd. Without SIMD the same functions run as plain `Math` loops.
 *
 * Every length takes the same path (no short-array shortcut), so an element's result never depends on the length
 * of the array it comes in: running an activation block by block gives bit-identical results to one full sweep.
 */
import { LazyKernel } from '../kernel-switch';
import { ExpDispatch } from './exp-dispatch';
import { jsSigmoidGrad, jsTanhGrad } from './vmath-js';
import { type VmathBinary, WasmVmath } from './vmath-kernel';
import { type VmathKernelMode, vmathMode } from './vmath-mode';

export type { VmathKernelMode } from './vmath-mode';

const kernel = /* @__PURE__ */ new LazyKernel(WasmVmath.create, vmathMode);
const dispatch = /* @__PURE__ */ new ExpDispatch(kernel);

/**
 * Chooses the implementation of the element-wise math ({@link expInto}, {@link expm1Into}, {@link sigmoidInto},
 * {@link tanhInto}, {@link eluInto}, {@link eluGradInto}, {@link sigmoidGradInto}, {@link tanhGradInto}) and of the
 * rectifiers ({@link reluInto}, {@link leakyReluInto}, {@link preluInto} and their gradients) for this process: `js`
 * forces plain `Math` loops (tests, debugging, comparing with the fallback; the rectifiers then return false so the
 * caller runs its own loop); `auto` (the default) and `wasm` use WebAssembly SIMD when the engine has it.
 * @deprecated Use `cpuBackend({ kernels: { vmath: … } })`; this process-wide switch is removed in the next minor.
 */
export function setVmathKernel(next: VmathKernelMode): void {
  vmathMode.mode = next;
}

/** What the element-wise math runs on here: `wasm-simd` when the SIMD module is available and not disabled, else `js`. */
export function vmathKernel(): 'wasm-simd' | 'js' {
  return kernel.runsOn();
}

/** `y[i] = exp(x[i])` for i in [0, length), float32 results (exp(x) = +∞ for x > 88.72, 0 for x < −103.97). */
export function expInto(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('exp', x, y, length);
}

/** `y[i] = expm1(x[i]) = e^x − 1` for i in [0, length), with full relative precision for tiny |x| (−0 stays −0). */
export function expm1Into(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('expm1', x, y, length);
}

/** `y[i] = 1 / (1 + e^−x[i])` for i in [0, length): exactly 0 and 1 in the saturated tails, never NaN for non-NaN x. */
export function sigmoidInto(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('sigmoid', x, y, length);
}

/** `y[i] = tanh(x[i])` for i in [0, length): exactly ±1 in the saturated tails, −0 stays −0. */
export function tanhInto(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('tanh', x, y, length);
}

/** ELU forward, `y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i])` for i in [0, length) (ELU(−∞) = −alpha, ELU(−0) = −0). */
export function eluInto(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
  dispatch.elu(x, y, length, alpha);
}

/**
 * ELU backward, `dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i]` for i in [0, length). The derivative comes from
 * x, not from `y + alpha`, which cancels to 0 in float32 for large negative x. `dx` may alias `dy`.
 */
export function eluGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
  dispatch.eluGrad(x, dy, dx, length, alpha);
}

function binary(
  fn: VmathBinary,
  js: typeof jsSigmoidGrad,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  length: number,
): void {
  const k = length > 0 ? kernel.enabled() : null;
  if (k) k.binary(fn, y, dy, dx, length);
  else js(y, dy, dx, length);
}

/** Sigmoid backward from the forward output, `dx[i] = y[i]·(1 − y[i])·dy[i]` in float64, rounded once. `dx` may alias. */
export function sigmoidGradInto(y: Float32Array, dy: Float32Array, dx: Float32Array, length: number): void {
  binary('sigmoidGrad', jsSigmoidGrad, y, dy, dx, length);
}

/** Tanh backward from the forward output, `dx[i] = (1 − y[i]²)·dy[i]` in float64, rounded once. `dx` may alias. */
export function tanhGradInto(y: Float32Array, dy: Float32Array, dx: Float32Array, length: number): void {
  binary('tanhGrad', jsTanhGrad, y, dy, dx, length);
}
