import { matmulKernel } from './matmul';
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

/** The kernel path of each CPU kernel family: what {@link kernelInfo} returns. */
export interface KernelInfo {
  /** The dense layers' matrix products ({@link setMatmulKernel}). */
  readonly matmul: KernelFamilyInfo;
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
    matmul: family(matmulKernel(), 'setMatmulKernel'),
    vmath: family(vmathKernel(), 'setVmathKernel'),
    vmath32: family(vmath32Kernel(), 'setVmath32Kernel'),
    rectifier: family(rectifierKernel(), 'setVmathKernel'),
  };
}
