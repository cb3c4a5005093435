/**
 * Element-wise exp-based math over float32 arrays in float32 WebAssembly SIMD (`scripts/vmath32-wat.mjs`): the
 * default CPU path of ELU, sigmoid and tanh. Like PyTorch's vectorised CPU kernels (SLEEF's float32 functions,
 * ≤ 1 ulp), results are not correctly rounded but carry a measured error bound, in float32 ulps of the exact value
 * (max over 4·2^20 seeded inputs across the whole range, asserted in vmath32.test.ts):
 * - exp ≤ 1 ulp (measured 0.94), subnormal results included;
 * - expm1 ≤ 1.5 ulp (measured 1.30), full relative precision for tiny |x|;
 * - ELU forward ≤ 1 ulp at alpha = 1 (measured 0.84), ≤ 2 ulp for other alpha (one more rounding);
 * - ELU backward ≤ 1 ulp at alpha = 1, dy = 1 (measured 0.94), ≤ 2.5 ulp for alpha·exp(x)·dy in general;
 * - sigmoid ≤ 3 ulp (measured 2.30), tanh ≤ 3 ulp (measured 2.49), relative precision near 0 for tanh.
 * Special values are exact: NaN in gives NaN, exp(−∞) = 0, exp(+∞) = +∞ (and overflow past 88.72), expm1(−∞) = −1,
 * −0 is kept by expm1, tanh and ELU, sigmoid(±large) = 1 and 0, tanh(±large) = ±1.
 *
 * Each function reads `x[0, length)`, writes `y[0, length)` only, allocates nothing in steady state (arrays up to
 * 2^18 elements; longer ones cost one view per slice) and may be called with `y === x`. Every element is computed on
 * its own, so running an activation block by block is bit-identical to one sweep. Without WebAssembly SIMD (or with
 * {@link setVmath32Kernel}`('js')`) the functions run the float64 `Math` loops of the float64 path.
 */
import { LazyKernel } from '../kernel-switch';
import { vmath32Setting } from './vmath32-setting';
import type { allocKernelFloats } from './kernel-arena';
import { ExpDispatch } from './exp-dispatch';
import { WasmVmath32 } from './vmath32-kernel';

/** Which implementation the float32 math uses: `auto` (the default) and `wasm` pick WebAssembly SIMD when available. */
export type Vmath32KernelMode = 'auto' | 'wasm' | 'js';

const kernel = /* @__PURE__ */ new LazyKernel(WasmVmath32.create, vmath32Setting);
const dispatch = /* @__PURE__ */ new ExpDispatch(kernel);

/**
 * Chooses the implementation of the float32 math ({@link expF32Into}, {@link expm1F32Into}, {@link sigmoidF32Into},
 * {@link tanhF32Into}, {@link eluF32Into}, {@link eluGradF32Into}) for this process: `js` forces the float64 `Math`
 * loops (tests, debugging); `auto` (the default) and `wasm` use float32 WebAssembly SIMD when the engine has it.
 * @deprecated Use `cpuBackend({ kernels: { vmath32: … } })`; this process-wide switch is removed in the next minor.
 */
export function setVmath32Kernel(next: Vmath32KernelMode): void {
  kernel.setting.mode = next;
}

/** What the float32 math runs on here: `wasm-simd` when the SIMD module is available and not disabled, else `js`. */
export function vmath32Kernel(): 'wasm-simd' | 'js' {
  return kernel.runsOn();
}

/** `y[i] = exp(x[i])` for i in [0, length), float32 arithmetic, ≤ 1 ulp (+∞ past 88.72, subnormals, 0 below −103.97). */
export function expF32Into(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('exp', x, y, length);
}

/** `y[i] = expm1(x[i]) = e^x − 1` for i in [0, length), float32 arithmetic, ≤ 1.5 ulp, full precision near 0. */
export function expm1F32Into(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('expm1', x, y, length);
}

/** `y[i] = 1 / (1 + e^−x[i])` for i in [0, length), float32 arithmetic, ≤ 3 ulp, exactly 0 and 1 when saturated. */
export function sigmoidF32Into(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('sigmoid', x, y, length);
}

/** `y[i] = tanh(x[i])` for i in [0, length), float32 arithmetic, ≤ 3 ulp, exactly ±1 when saturated, −0 kept. */
export function tanhF32Into(x: Float32Array, y: Float32Array, length: number): void {
  dispatch.unary('tanh', x, y, length);
}

/** ELU forward `y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i])` in float32 arithmetic (expm1 ≤ 1 ulp for x ≤ 0). */
export function eluF32Into(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
  dispatch.elu(x, y, length, alpha);
}

/** ELU backward `dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i]` in float32 arithmetic; `dx` may alias `dy`. */
export function eluGradF32Into(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
  dispatch.eluGrad(x, dy, dx, length, alpha);
}

/**
 * `y[i] = a[i] · b[i]` for i in [0, length): IEEE float32 multiplication, correctly rounded (bit for bit
 * `Math.fround(a[i] * b[i])`), in float32 WebAssembly SIMD. A building block for plugin kernels: allocation-free, in
 * place when every array lives in kernel memory ({@link allocKernelFloats}), and `y` may be `a` or `b`.
 */
export function mulF32Into(a: Float32Array, b: Float32Array, y: Float32Array, length: number): void {
  const k = length > 0 ? kernel.enabled() : null;
  if (k) k.binary('mul', a, b, y, length);
  else for (let i = 0; i < length; i++) y[i] = a[i] * b[i];
}

/**
 * `y[i] = a[i] / b[i]` for i in [0, length): IEEE float32 division, correctly rounded (bit for bit
 * `Math.fround(a[i] / b[i])`; x / 0 is ±Infinity, 0 / 0 NaN), in float32 WebAssembly SIMD. Use it for reciprocals
 * (`a` filled with 1) and quotients instead of a JavaScript loop with a division. Allocation-free, in place when every
 * array lives in kernel memory ({@link allocKernelFloats}), and `y` may be `a` or `b`.
 */
export function divF32Into(a: Float32Array, b: Float32Array, y: Float32Array, length: number): void {
  const k = length > 0 ? kernel.enabled() : null;
  if (k) k.binary('div', a, b, y, length);
  else for (let i = 0; i < length; i++) y[i] = a[i] / b[i];
}
