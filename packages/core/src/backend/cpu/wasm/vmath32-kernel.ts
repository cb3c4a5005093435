import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_WASM_BASE64 } from './vmath32-wasm.generated';
import { instantiateOnOwnMemory } from './wasm-scratch';

/** The one-input functions of the float32 module, by export name. */
export type Vmath32Unary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/**
 * The float32 WebAssembly SIMD math module (scripts/vmath32-wat.mjs), which imports its memory: one instance on a
 * growable scratch memory created here, driven like the float64 module (see `WasmExpKernel`), and one instance per
 * `KernelArena` for arrays that live in one (no copies).
 */
export class WasmVmath32 extends WasmExpKernel<Vmath32Unary> {
  /** Compiles the module synchronously (~8 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath32 | null {
    const m = instantiateOnOwnMemory<Omit<ExpExports<Vmath32Unary>, 'memory'>>(VMATH32_WASM_BASE64);
    return m && new WasmVmath32(m.exports, m.module);
  }
}
