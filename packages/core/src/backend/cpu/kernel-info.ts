import { matmulFma, matmulKernel } from './matmul';
import { hasWasmRelaxedSimd } from './wasm/relaxed-simd-support';
import { rectifierKernel } from './wasm/rectifier';
import { hasWasmSimd } from './wasm/simd-support';
import { vmathKernel } from './wasm/vmath';
import { vmath32Kernel } from './wasm/vmath32';
import { wasmApi } from './wasm/wasm-api';
import { wasmFailure } from './wasm/wasm-scratch';

/** Which implementation one family of CPU kernels runs, and why. */
export interface KernelFamilyInfo {
  /** `wasm-simd` (WebAssembly SIMD) or `js` (the bit-compatible plain-JavaScript fallback, slower). */
  readonly runsOn: 'wasm-simd' | 'js';
  /** Why: the kernels are available, a `set…Kernel('js')` call, no WebAssembly SIMD, or a refused compile (CSP). */
  readonly reason: string;
}

/** The matrix products' kernel path, and whether its multiply-add is fused. */
export interface MatmulKernelInfo extends KernelFamilyInfo {
  /** True when the wasm kernel is the relaxed-SIMD one with `f32x4.relaxed_madd` (`cpuBackend({ fma })`). */
  readonly fma: boolean;
  /** Why FMA is on or off: the `fma` option, an engine without relaxed SIMD, or the JavaScript path. */
  readonly fmaReason: string;
}

/** The kernel path of each CPU kernel family: what {@link kernelInfo} returns. */
export interface KernelInfo {
  /** The dense layers' matrix products ({@link setMatmulKernel}, `cpuBackend({ fma })`). */
  readonly matmul: MatmulKernelInfo;
  /** The float64-accurate exp family: exp, expm1, sigmoid, tanh, ELU ({@link setVmathKernel}). */
  readonly vmath: KernelFamilyInfo;
  /** The float32 exp family the built-in activations use ({@link setVmath32Kernel}). */
  readonly vmath32: KernelFamilyInfo;
  /** ReLU, Leaky ReLU and PReLU for the plugin packages (follows {@link setVmathKernel}). */
  readonly rectifier: KernelFamilyInfo;
}

/** The fix named when a page's Content-Security-Policy refuses to compile WebAssembly. */
export const CSP_WASM_FIX =
  "allow WebAssembly in the page's Content-Security-Policy with script-src 'wasm-unsafe-eval' (it permits compiling WebAssembly only, not eval)";

/** Why WebAssembly SIMD kernels cannot run in this engine, or undefined when they can. */
function unavailableReason(): string | undefined {
  if (!wasmApi()) return 'this engine has no WebAssembly';
  if (!hasWasmSimd()) return "this engine's WebAssembly has no SIMD";
  const failed = wasmFailure();
  if (failed === undefined) return undefined;
  // Chromium and Firefox refuse with a CompileError or EvalError whose message names the Content-Security-Policy.
  const csp = /Content[ -]Security[ -]Policy|unsafe-eval|CSP/i.test(failed);
  return csp
    ? `the page's Content-Security-Policy refused to compile WebAssembly (${failed}); ${CSP_WASM_FIX}`
    : `the WebAssembly SIMD module failed to compile (${failed})`;
}

/** The fix named when FMA is asked for where the engine has no relaxed SIMD. */
export const RELAXED_SIMD_FIX =
  "run on an engine with WebAssembly relaxed SIMD (Node 22 or later, Chromium 114 or later; Node 20 with --experimental-wasm-relaxed-simd), or pass fma: 'auto' or false";

/** Why the fused multiply-add kernel cannot run in this engine, or undefined when it can. */
export function fmaUnavailableReason(): string | undefined {
  const simd = unavailableReason();
  if (simd !== undefined) return simd;
  return hasWasmRelaxedSimd() ? undefined : "this engine's WebAssembly has no relaxed SIMD";
}

function matmulFamily(): MatmulKernelInfo {
  const base = family(matmulKernel(), 'setMatmulKernel');
  if (base.runsOn === 'js') return { ...base, fma: false, fmaReason: `the matrix products run in JavaScript: ${base.reason}` };
  if (matmulFma()) return { ...base, fma: true, fmaReason: 'the engine has WebAssembly relaxed SIMD and fma is not false' };
  const missing = fmaUnavailableReason();
  return { ...base, fma: false, fmaReason: missing ?? 'fma: false was chosen' };
}

function family(runsOn: 'wasm-simd' | 'js', setter: string): KernelFamilyInfo {
  if (runsOn === 'wasm-simd') return { runsOn, reason: 'WebAssembly SIMD is available' };
  return { runsOn, reason: unavailableReason() ?? `${setter}('js') was called` };
}

/**
 * Which kernel path each CPU kernel family runs here and why: WebAssembly SIMD, or plain JavaScript because of a
 * `set…Kernel('js')` call, an engine without WebAssembly SIMD, or a Content-Security-Policy without
 * `'wasm-unsafe-eval'` (then training works, only slower). Compiles the kernel modules if they were not yet.
 * @example if (kernelInfo().matmul.runsOn === 'js') console.warn(kernelInfo().matmul.reason);
 */
export function kernelInfo(): KernelInfo {
  return {
    matmul: matmulFamily(),
    vmath: family(vmathKernel(), 'setVmathKernel'),
    vmath32: family(vmath32Kernel(), 'setVmath32Kernel'),
    rectifier: family(rectifierKernel(), 'setVmathKernel'),
  };
}
