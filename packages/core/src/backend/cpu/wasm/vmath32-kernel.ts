import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_WASM_BASE64 } from './vmath32-wasm.generated';
import { wasmApi } from './wasm-api';
import { compileSimd, instantiateSimd } from './wasm-scratch';

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
    const module = compileSimd(VMATH32_WASM_BASE64);
    const api = wasmApi();
    if (!module || !api || typeof api.Memory !== 'function') return null;
    const memory = new api.Memory({ initial: 1 });
    const ex = instantiateSimd<Omit<ExpExports<Vmath32Unary>, 'memory'>>(VMATH32_WASM_BASE64, { env: { memory } });
    return ex && new WasmVmath32({ ...ex, memory }, module);
  }
}
