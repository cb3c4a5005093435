import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_WASM } from './vmath32-wasm.generated';
import { instantiateOnOwnMemory } from './wasm-scratch';

/** The one-input functions of the float32 module, by export name. */
export type Vmath32Unary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/** The two-input functions of the float32 module (`out[i] = f(a[i], b[i])`), by export name. */
export type Vmath32Binary = 'mul' | 'div';

/**
 * The float32 WebAssembly SIMD math module (scripts/vmath32-wat.mjs), which imports its memory: one instance on a
 * growable scratch memory created here, driven like the float64 module (see `WasmExpKernel`), and one instance per
 * `KernelArena` for arrays that live in one (no copies).
 */
export class WasmVmath32 extends WasmExpKernel<Vmath32Unary, Vmath32Binary> {
  /** Compiles the module synchronously (~8 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath32 | null {
    const m = instantiateOnOwnMemory<Omit<ExpExports<Vmath32Unary | Vmath32Binary>, 'memory'>>(VMATH32_WASM);
    return m && new WasmVmath32(m.exports, m.module);
  }

  /** out[i] = f(a[i], b[i]) for i in [0, length); `out` may alias either input. */
  binary(fn: Vmath32Binary, a: Float32Array, b: Float32Array, out: Float32Array, length: number): void {
    this.run(fn, a, b, out, length, 0);
  }
}
