import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH32_SWISH_WASM } from './vmath32-swish-wasm.generated';
import { instantiateOnOwnMemory } from './wasm-scratch';

/** The one-input functions of the Swish/erf module (`swish` also takes β), by export name. */
type SwishUnary = 'erf' | 'swish';

/** The two-input functions of the Swish/erf module (both also take β and return the β gradient), by export name. */
type SwishBinary = 'swishGrad' | 'swishGradExactProduct';

/**
 * The float32 Swish and erf WebAssembly SIMD module (scripts/vmath32-wat.mjs with `swish: true`), which imports its
 * memory, driven like the exp family (see `WasmExpKernel`): one instance on its own scratch memory, one per
 * `KernelArena` for arrays that live in one.
 */
export class WasmSwish32 extends WasmExpKernel<SwishUnary, SwishBinary> {
  /** Compiles the module synchronously (~10 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmSwish32 | null {
    const m = instantiateOnOwnMemory<Omit<ExpExports<SwishUnary | SwishBinary>, 'memory'>>(VMATH32_SWISH_WASM);
    return m && new WasmSwish32(m.exports, m.module);
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
