import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_WASM_BASE64 } from './vmath32-wasm.generated';
import { instantiateSimd } from './wasm-scratch';

/** The one-input functions of the float32 module, by export name. */
export type Vmath32Unary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/**
 * The float32 WebAssembly SIMD math module (scripts/vmath32-wat.mjs) and the scratch memory it owns, laid out and
 * driven like the float64 module (see `WasmExpKernel`).
 */
export class WasmVmath32 extends WasmExpKernel<Vmath32Unary> {
  /** Compiles the module synchronously (~8 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath32 | null {
    const ex = instantiateSimd<ExpExports<Vmath32Unary>>(VMATH32_WASM_BASE64);
    return ex && new WasmVmath32(ex);
  }
}
