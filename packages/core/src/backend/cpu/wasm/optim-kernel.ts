import { OPTIM_WASM } from './optim-wasm.generated';
import type { WasmMemory } from './wasm-api';
import { instantiateOnOwnMemory, WasmScratch } from './wasm-scratch';

/** The exports of scripts/optim-wat.mjs, by name. */
export type OptimExport = 'sgd' | 'sgdMomentum' | 'sgdMomentumAny' | 'adam';

/** Every export: byte offsets of p, g and two slots (unused ones ignored), the element count, then its scalars. */
type OptimExports = { readonly memory: WasmMemory } & Record<
  OptimExport,
  (p: number, g: number, s1: number, s2: number, n: number, ...scalars: number[]) => void
>;

/**
 * Longest slice handed to the module per call: with four regions (Adam's p, g, m, v) the scratch memory stays at
 * 256 KiB, in L2 between the copy in, the update and the copy out. Longer arrays run slice by slice.
 */
export const OPTIM_CHUNK = 1 << 14;

/** Rounds a float count up to a multiple of 4 (PAD_FLOATS of scripts/optim-wat.mjs): the module works on pairs. */
function pad(n: number): number {
  return (n + 3) & -4;
}

/**
 * The WebAssembly SIMD optimizer-update module (scripts/optim-wat.mjs) and its scratch memory. Every array of an
 * update (the parameter, its gradient and the optimizer's slots) is copied in with `TypedArray.set`, updated and
 * copied back, slice by slice; the module computes in float64 with the JavaScript loops' expression trees
 * (optimizers/update-loops.ts), so the results are bit-identical to theirs (NaN payloads aside) for any length.
 *
 * Layout per slice of r = pad(min(n, OPTIM_CHUNK)) floats: p at float 0, g at r, the slots at 2r and 3r.
 */
export class WasmOptim {
  private readonly ex: OptimExports;
  private readonly scratch: WasmScratch;

  private constructor(ex: OptimExports) {
    this.ex = ex;
    this.scratch = new WasmScratch(ex.memory, 4, 3);
  }

  /** Compiles the module synchronously (under 1 KB), or null without WebAssembly SIMD. */
  static create(): WasmOptim | null {
    const m = instantiateOnOwnMemory<Omit<OptimExports, 'memory'>>(OPTIM_WASM);
    return m && new WasmOptim(m.exports);
  }

  /**
   * Runs export `fn` over all of `p` with gradient `g` and the slots `s1`, `s2` it updates (null when it has fewer)
   * and its scalars, in the order of scripts/optim-wat.mjs (flags as 0 or 1).
   */
  update(
    fn: OptimExport,
    p: Float32Array,
    g: Float32Array,
    s1: Float32Array | null,
    s2: Float32Array | null,
    scalars: readonly number[],
  ): void {
    const length = p.length;
    const sc = this.scratch;
    const r = pad(Math.min(length, OPTIM_CHUNK));
    sc.ensure((s2 ? 4 : s1 ? 3 : 2) * r);
    for (let start = 0; start < length; start += OPTIM_CHUNK) {
      const n = Math.min(OPTIM_CHUNK, length - start);
      sc.copyIn(0, p, start, n, 0);
      sc.copyIn(1, g, start, n, r);
      if (s1) sc.copyIn(2, s1, start, n, 2 * r);
      if (s2) sc.copyIn(3, s2, start, n, 3 * r);
      this.ex[fn](0, 4 * r, 8 * r, 12 * r, n, ...scalars);
      sc.copyOut(0, n, p, start);
      if (s1) sc.copyOut(2 * r, n, s1, start);
      if (s2) sc.copyOut(3 * r, n, s2, start);
    }
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.scratch.bytes;
  }
}
