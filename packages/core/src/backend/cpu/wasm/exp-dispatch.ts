import type { LazyKernel } from '../kernel-switch';
import { jsElu, jsEluGrad, jsExp, jsExpm1, jsSigmoid, jsTanh } from './vmath-js';

/** The one-input functions both exp-family modules export, by name. */
export type ExpUnary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/** What the dispatch needs of a module (`WasmExpKernel` over either exp-family module). */
export interface ExpKernel {
  unary(fn: ExpUnary, x: Float32Array, y: Float32Array, length: number): void;
  elu(x: Float32Array, y: Float32Array, length: number, alpha: number): void;
  eluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void;
}

const JS_UNARY: Record<ExpUnary, typeof jsExp> = { exp: jsExp, expm1: jsExpm1, sigmoid: jsSigmoid, tanh: jsTanh };

/**
 * Runs the exp family on an exp-family module when its mode allows and the engine has WebAssembly SIMD, else on the
 * float64 `Math` loops of vmath-js.ts. Every length > 0 takes the same path, so results never depend on it.
 */
export class ExpDispatch {
  private readonly lazy: LazyKernel<ExpKernel>;

  constructor(lazy: LazyKernel<ExpKernel>) {
    this.lazy = lazy;
  }

  /** The module, or null when the JavaScript loops must run (mode `js`, no SIMD, nothing to do). */
  kernel(length: number): ExpKernel | null {
    return length > 0 ? this.lazy.enabled() : null;
  }

  /** `y[i] = fn(x[i])` for i in [0, length). */
  unary(fn: ExpUnary, x: Float32Array, y: Float32Array, length: number): void {
    const k = this.kernel(length);
    if (k) k.unary(fn, x, y, length);
    else JS_UNARY[fn](x, y, length);
  }

  /** ELU forward. */
  elu(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
    const k = this.kernel(length);
    if (k) k.elu(x, y, length, alpha);
    else jsElu(x, y, length, alpha);
  }

  /** ELU backward; `dx` may alias `dy`. */
  eluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
    const k = this.kernel(length);
    if (k) k.eluGrad(x, dy, dx, length, alpha);
    else jsEluGrad(x, dy, dx, length, alpha);
  }
}
