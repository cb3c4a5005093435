/**
 * Float32 building blocks for plugin authors beyond the exp family: erf, and Swish forward and backward in one pass
 * each. They run their own WebAssembly SIMD module (scripts/vmath32-wat.mjs, `swish: true`), compiled on first use,
 * so that bundles which never call them do not carry it; they follow the float32 math's kernel mode
 * (`setVmath32Kernel`, `cpuBackend({ kernels: { vmath32 } })`), with plain-JavaScript fallbacks.
 */
import { LazyKernel } from '../kernel-switch';
import type { allocKernelFloats } from './kernel-arena';
import { jsErf, jsSwish, jsSwishGrad } from './vmath32-js';
import { vmath32Setting } from './vmath32-setting';
import { WasmSwish32 } from './vmath32-swish-kernel';

const kernel = /* @__PURE__ */ new LazyKernel(WasmSwish32.create, vmath32Setting);

/**
 * `y[i] = erf(x[i])` for i in [0, length), float32 arithmetic, ≤ 2 ulp over the whole range (asserted against a
 * float64 reference in vmath32-erf.test.ts), exactly ±1 past |x| ≈ 3.92, −0 kept, NaN in gives NaN out. For GELU
 * (`x·(1 + erf(x/√2))/2`) and other erf-based activations. Allocation-free, in place when both arrays live in kernel
 * memory ({@link allocKernelFloats}), and `y` may be `x`.
 */
export function erfF32Into(x: Float32Array, y: Float32Array, length: number): void {
  const k = length > 0 ? kernel.enabled() : null;
  if (k) k.unary('erf', x, y, length);
  else jsErf(x, y, length);
}

/**
 * Swish forward `y[i] = x[i]·σ(beta·x[i])` for i in [offset, offset + length) (SiLU at beta = 1, `x/2` at beta = 0),
 * float32 arithmetic in one pass: σ from one `exp(−|beta·x|)` (nothing overflows), ≤ 3 ulp plus the rounding of
 * `beta·x` (relative `|beta·x|·2^−24`); 0 where σ is 0, so x = −∞ gives 0 instead of NaN. A building block for
 * Swish-like plugins: allocation-free (`offset` runs one channel's block of a per-channel beta without a subarray
 * view), in place when both arrays live in kernel memory ({@link allocKernelFloats}), and `y` may be `x`.
 */
export function swishF32Into(x: Float32Array, y: Float32Array, length: number, beta: number, offset = 0): void {
  const k = length > 0 ? kernel.enabled() : null;
  if (k) k.swish(x, y, length, beta, offset);
  else jsSwish(x, y, length, beta, offset);
}

/**
 * Swish backward in one pass over i in [offset, offset + length): `dx[i] = (σ + z·σ(1 − σ))·dy[i]` with
 * `z = beta·x[i]`, and returns
 * `Σ x[i]·(x[i]·σ(1 − σ)·dy[i])`, the gradient of beta, summed in float64 (add it to the learnable's gradient).
 * The derivative keeps its relative precision through its zero at z ≈ −1.2785 (computed there from the distance to
 * the root, with `beta·x` carried exactly), so `dx` is within a few ulp of the exact value everywhere; where σ(1 − σ)
 * is 0 (|z| past ~104, x = ±∞) the derivative is σ and the β term 0, never ∞·0. Allocation-free, in place when every
 * array lives in kernel memory ({@link allocKernelFloats}); `dx` may be `dy`.
 */
export function swishGradF32Into(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  length: number,
  beta: number,
  offset = 0,
): number {
  const k = length > 0 ? kernel.enabled() : null;
  return k ? k.swishGrad(x, dy, dx, length, beta, offset) : jsSwishGrad(x, dy, dx, length, beta, offset);
}
