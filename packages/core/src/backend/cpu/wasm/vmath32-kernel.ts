import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_WASM_BASE64 } from './vmath32-wasm.generated';
import { instantiateOnOwnMemory } from './wasm-scratch';

/** The one-input functions of the float32 module (`swish` also takes β), by export name. */
export type Vmath32Unary = 'exp' | 'expm1' | 'sigmoid' | 'tanh' | 'erf' | 'swish';

/** The two-input functions of the float32 module (`out[i] = f(a[i], b[i])`; `swishGrad` also takes β), by export name. */
export type Vmath32Binary = 'mul' | 'div' | 'swishGrad' | 'swishGradExactProduct';

/**
 * The float32 WebAssembly SIMD math module (scripts/vmath32-wat.mjs), which imports its memory: one instance on a
 * growable scratch memory created here, driven like the float64 module (see `WasmExpKernel`), and one instance per
 * `KernelArena` for arrays that live in one (no copies).
 */
export class WasmVmath32 extends WasmExpKernel<Vmath32Unary, Vmath32Binary> {
  /** Compiles the module synchronously (~8 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath32 | null {
    const m = instantiateOnOwnMemory<Omit<ExpExports<Vmath32Unary | Vmath32Binary>, 'memory'>>(VMATH32_WASM_BASE64);
    return m && new WasmVmath32(m.exports, m.module);
  }

  /** out[i] = f(a[i], b[i]) for i in [0, length); `out` may alias either input. */
  binary(fn: Vmath32Binary, a: Float32Array, b: Float32Array, out: Float32Array, length: number): void {
    this.run(fn, a, b, out, length, 0);
  }

  /** Swish forward `y[i] = x[i]·σ(β·x[i])` for i in [offset, offset + length). */
  swish(x: Float32Array, y: Float32Array, length: number, beta: number, offset: number): void {
    this.run('swish', x, null, y, length, beta, offset);
  }

  /** Swish backward into `dx` (may alias `dy`); returns Σ x²·σ(1 − σ)·dy, the β partial, summed in float64. */
  swishGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, beta: number, offset: number): number {
    return this.run(exactProduct(beta) ? 'swishGradExactProduct' : 'swishGrad', x, dy, dx, length, beta, offset);
  }
}

/** True when β·x is exact in float32 for every normal x (β a power of two or 0), so no rounding error term is needed. */
function exactProduct(beta: number): boolean {
  const m = Math.abs(beta);
  return m === 0 || (Number.isFinite(m) && 2 ** Math.floor(Math.log2(m)) === m);
}
