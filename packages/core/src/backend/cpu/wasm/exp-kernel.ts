import type { WasmMemory } from './wasm-api';
import { padFloats, WasmScratch } from './wasm-scratch';

/**
 * Longest slice handed to an exp-family module per call: the scratch memory stays at 2 × 1 MiB (it never shrinks)
 * instead of growing to twice the largest array, and the copies stay cache-resident. Longer arrays run slice by
 * slice, which costs one small view object per input per slice (nothing for arrays up to this length).
 */
export const VMATH_CHUNK = 1 << 18;

/** An export over float32 regions at byte offsets, with n and possibly a scalar after them. */
type Export = (...args: number[]) => void;

/** The exports every exp-family module has; `Op` names the ones called as `(x, y, n)` or `(a, b, out, n)`. */
export type ExpExports<Op extends string> = { readonly memory: WasmMemory } & Record<Op, Export> & {
    elu(x: number, y: number, n: number, alpha: number): void;
    eluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
  };

/**
 * An exp-family WebAssembly SIMD module (scripts/vmath-wat.mjs or vmath32-wat.mjs) driven over its scratch memory.
 * Layout per slice of up to {@link VMATH_CHUNK} elements: region A (x, or y for the gradients from the output) at
 * byte 0, region B (the output, or dy overwritten by dx) right after, each padded to a multiple of 16 floats.
 */
export class WasmExpKernel<Unary extends string, Binary extends string = never> {
  private readonly ex: ExpExports<Unary | Binary>;
  private readonly scratch: WasmScratch;

  protected constructor(ex: ExpExports<Unary | Binary>) {
    this.ex = ex;
    this.scratch = new WasmScratch(ex.memory, 2, 1);
  }

  /** y[i] = f(x[i]) for i in [0, length). */
  unary(fn: Unary, x: Float32Array, y: Float32Array, length: number): void {
    this.run(fn, x, null, y, length, 0);
  }

  /** ELU forward: y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i]). */
  elu(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
    this.run('elu', x, null, y, length, alpha);
  }

  /** ELU backward: dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i]. */
  eluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
    this.run('eluGrad', x, dy, dx, length, alpha);
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.scratch.bytes;
  }

  /** Runs export `op` slice by slice: `(A, B, n)` for a unary op, `(A, B, B, n)` for a binary one, ELU with `k`. */
  protected run(
    op: Unary | Binary | 'elu' | 'eluGrad',
    a: Float32Array,
    b: Float32Array | null,
    out: Float32Array,
    length: number,
    k: number,
  ): void {
    const ex = this.ex;
    const s = this.scratch;
    for (let start = 0; start < length; start += VMATH_CHUNK) {
      const n = Math.min(VMATH_CHUNK, length - start);
      const p = padFloats(n);
      s.ensure(2 * p);
      s.copyIn(0, a, start, n, 0);
      if (b) s.copyIn(1, b, start, n, p);
      const B = p * 4;
      if (op === 'elu') ex.elu(0, B, n, k);
      else if (op === 'eluGrad') ex.eluGrad(0, B, B, n, k);
      else if (b) ex[op](0, B, B, n);
      else ex[op](0, B, n);
      s.copyOut(p, n, out, start);
    }
  }
}
