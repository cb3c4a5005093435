import { type KernelArena, sharedArena } from './kernel-arena';
import type { WasmMemory } from './wasm-api';
import { padFloats, WasmScratch } from './wasm-scratch';

/**
 * Longest slice handed to an exp-family module per call: the scratch memory stays at 2 × 1 MiB (it never shrinks)
 * instead of growing to twice the largest array, and the copies stay cache-resident. Longer arrays run slice by
 * slice, which costs one small view object per input per slice (nothing for arrays up to this length).
 */
export const VMATH_CHUNK = 1 << 18;

/** An export over float32 regions at byte offsets, with n and possibly a scalar after them; some return a sum. */
type Export = (...args: number[]) => number | undefined;

/** The exports every exp-family module has; `Op` names the ones called as `(x, y, n)` or `(a, b, out, n)`. */
export type ExpExports<Op extends string> = { readonly memory: WasmMemory } & Record<Op, Export> & {
    elu(x: number, y: number, n: number, alpha: number): void;
    eluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
    /** eluGrad for alpha = 1 (float32 module only): the same values without the select. */
    eluGradUnit?(x: number, dy: number, dx: number, n: number): void;
  };

/** Every module processes n rounded up to a multiple of this many floats (PAD_FLOATS of the generators). */
const GROUP_FLOATS = 16;

/**
 * An exp-family WebAssembly SIMD module (scripts/vmath-wat.mjs or vmath32-wat.mjs) driven over its scratch memory.
 * Layout per slice of up to {@link VMATH_CHUNK} elements: region A (x, or y for the gradients from the output) at
 * byte 0, region B (the output, or dy overwritten by dx) right after, each padded to a multiple of 16 floats.
 *
 * With `arenaModule` (a compiled module importing `env.memory`), calls whose arrays all live in one
 * {@link KernelArena} run in place on the arena's own instance: the export runs on the arrays' byte offsets over
 * the first `length & ~15` elements (so it never writes past the output), and the last < 16 elements go through
 * the arena's scratch area. Every element is computed on its own, so both paths give bit-identical results.
 */
export class WasmExpKernel<Unary extends string, Binary extends string = never> {
  private readonly ex: ExpExports<Unary | Binary>;
  private readonly scratch: WasmScratch;
  private readonly arenaModule: object | null;

  protected constructor(ex: ExpExports<Unary | Binary>, arenaModule: object | null = null) {
    this.ex = ex;
    this.scratch = new WasmScratch(ex.memory, 2, 1);
    this.arenaModule = arenaModule;
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

  /**
   * Runs export `op` slice by slice over elements [from, from + length) of every array: `(A, out, n, k)` with one
   * input, `(A, B, out, n, k)` with two (exports without a scalar ignore `k`); returns the sum of what the export
   * returns (0 for exports that return nothing).
   */
  protected run(
    op: Unary | Binary | 'elu' | 'eluGrad',
    a: Float32Array,
    b: Float32Array | null,
    out: Float32Array,
    length: number,
    k: number,
    from = 0,
  ): number {
    if (this.arenaModule !== null && length > 0) {
      const arena = sharedArena(a, b, out, from + length);
      if (arena !== null) return this.runInPlace(arena, op, a, b, out, length, k, from);
    }
    const ex = this.ex;
    const s = this.scratch;
    let sum = 0;
    for (let start = from; start < from + length; start += VMATH_CHUNK) {
      const n = Math.min(VMATH_CHUNK, from + length - start);
      const p = padFloats(n);
      s.ensure(2 * p);
      s.copyIn(0, a, start, n, 0);
      if (b) s.copyIn(1, b, start, n, p);
      const B = p * 4;
      sum += call(ex, op, 0, b ? B : -1, B, n, k);
      s.copyOut(p, n, out, start);
    }
    return sum;
  }

  /**
   * Runs `op` on the arrays where they are in `arena`: the whole groups of 16 in place, then the tail through
   * regions A (float 0) and B (float 16) of the arena's scratch area, laid out like the copying path's regions.
   */
  private runInPlace(
    arena: KernelArena,
    op: Unary | Binary | 'elu' | 'eluGrad',
    a: Float32Array,
    b: Float32Array | null,
    out: Float32Array,
    length: number,
    k: number,
    from: number,
  ): number {
    const ex = arena.instance<ExpExports<Unary | Binary>>(this.arenaModule as object);
    const whole = length & -GROUP_FLOATS;
    const skip = 4 * from;
    let sum = whole > 0 ? call(ex, op, a.byteOffset + skip, b ? b.byteOffset + skip : -1, out.byteOffset + skip, whole, k) : 0;
    const tail = length - whole;
    if (tail === 0) return sum;
    const heap = arena.heap;
    const B = GROUP_FLOATS;
    const at = from + whole;
    for (let i = 0; i < tail; i++) heap[i] = a[at + i];
    if (b) for (let i = 0; i < tail; i++) heap[B + i] = b[at + i];
    sum += call(ex, op, 0, b ? 4 * B : -1, 4 * B, tail, k);
    for (let i = 0; i < tail; i++) out[at + i] = heap[B + i];
    return sum;
  }
}

/**
 * Calls export `op` on byte offsets: A (first input), B (second input, −1 for none), the output, n and the scalar `k`
 * (ignored by exports without one); returns what the export returns, or 0.
 */
function call<Op extends string>(
  ex: ExpExports<Op>,
  op: Op | 'elu' | 'eluGrad',
  A: number,
  B: number,
  out: number,
  n: number,
  k: number,
): number {
  if (op === 'elu') ex.elu(A, out, n, k);
  else if (op === 'eluGrad') {
    if (k === 1 && ex.eluGradUnit) ex.eluGradUnit(A, B, out, n);
    else ex.eluGrad(A, B, out, n, k);
  } else return (B >= 0 ? ex[op](A, B, out, n, k) : ex[op](A, out, n, k)) ?? 0;
  return 0;
}
