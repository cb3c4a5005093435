import { type ExpExports, WasmExpKernel } from './exp-kernel';
import { VMATH_WASM } from './vmath-wasm.generated';
import { instantiateOnOwnMemory } from './wasm-scratch';

/** The unary functions of the module, by export name. */
export type VmathUnary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/** The two-input functions of the module (forward output and upstream gradient in, gradient out), by export name. */
export type VmathBinary = 'sigmoidGrad' | 'tanhGrad';

/**
 * The WebAssembly SIMD element-wise math module (scripts/vmath-wat.mjs), float64 arithmetic rounded once to
 * float32, on a growable scratch memory created here, and one instance per `KernelArena` for arrays that live in
 * one (no copies; see `WasmExpKernel`). Other arrays are copied in and results out with `TypedArray.set` (a memcpy,
 * ~0.1 ns per element against ~3 for the math).
 */
export class WasmVmath extends WasmExpKernel<VmathUnary, VmathBinary> {
  /** Compiles the module synchronously (~9 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath | null {
    const m = instantiateOnOwnMemory<Omit<ExpExports<VmathUnary | VmathBinary>, 'memory'>>(VMATH_WASM);
    return m && new WasmVmath(m.exports, m.module);
  }

  /** out[i] = f(a[i], b[i]) for i in [0, length); `out` may alias either input. */
  binary(fn: VmathBinary, a: Float32Array, b: Float32Array, out: Float32Array, length: number): void {
    this.run(fn, a, b, out, length, 0);
  }
}
