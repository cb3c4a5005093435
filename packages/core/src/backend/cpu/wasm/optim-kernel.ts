import { OPTIM_WASM_BASE64 } from './optim-wasm.generated';
import type { WasmMemory } from './wasm-api';
import { instantiateOnOwnMemory, WasmScratch } from './wasm-scratch';

/** The exports of scripts/optim-wat.mjs: byte offsets, the element count, then the hoisted float64 scalars. */
interface OptimExports {
  readonly memory: WasmMemory;
  sgd(p: number, g: number, n: number, lr: number, wd: number): void;
  sgdMomentum(p: number, g: number, b: number, n: number, lr: number, wd: number, mu: number, keep: number): void;
  sgdMomentumAny(
    p: number,
    g: number,
    b: number,
    n: number,
    lr: number,
    wd: number,
    mu: number,
    keep: number,
    first: number,
    nesterov: number,
  ): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    shrink: number,
    stepSize: number,
    sqrtBc2: number,
    eps: number,
  ): void;
}

/** The scalars of one SGD update, hoisted as in `SgdOptimizer.step`. */
export interface SgdScalars {
  readonly lr: number;
  readonly wd: number;
  /** Momentum factor μ. */
  readonly mu: number;
  /** 1 − dampening. */
  readonly keep: number;
  readonly nesterov: boolean;
}

/** The scalars of one Adam update, hoisted as in `AdamOptimizer.step` (`c1 = 1 − β1`, `c2 = 1 − β2`). */
export interface AdamScalars {
  readonly b1: number;
  readonly c1: number;
  readonly b2: number;
  readonly c2: number;
  readonly shrink: number;
  readonly stepSize: number;
  readonly sqrtBc2: number;
  readonly eps: number;
}

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
 * copied back, slice by slice; the module computes in float64 with the JavaScript loops' expression trees, so the
 * results are bit-identical to them (NaN payloads aside) for any length and any split into slices.
 *
 * Layout per slice of r = pad(min(n, OPTIM_CHUNK)) floats: p at float 0, g at r, then the slots at 2r (and 3r).
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
    const m = instantiateOnOwnMemory<Omit<OptimExports, 'memory'>>(OPTIM_WASM_BASE64);
    return m && new WasmOptim(m.exports);
  }

  /** `p = p − lr·(g + wd·p)`, element by element over all of `p`. */
  sgd(p: Float32Array, g: Float32Array, lr: number, wd: number): void {
    const ex = this.ex;
    this.slices(p, g, null, null, (r, n) => ex.sgd(0, 4 * r, n, lr, wd));
  }

  /**
   * The momentum update of `SgdOptimizer.step` into momentum buffer `b`: its first step for the parameter when
   * `first` (b = d), else b = μ·b + keep·d; then p = p − lr·(d + μ·b) (Nesterov) or p = p − lr·b.
   */
  sgdMomentum(p: Float32Array, g: Float32Array, b: Float32Array, s: SgdScalars, first: boolean): void {
    const ex = this.ex;
    const { lr, wd, mu, keep, nesterov } = s;
    this.slices(p, g, b, null, (r, n) => {
      // The common case (later steps, heavy-ball momentum) has an export without the lane selects.
      if (first || nesterov) ex.sgdMomentumAny(0, 4 * r, 8 * r, n, lr, wd, mu, keep, first ? 1 : 0, nesterov ? 1 : 0);
      else ex.sgdMomentum(0, 4 * r, 8 * r, n, lr, wd, mu, keep);
    });
  }

  /** The Adam/AdamW update of `AdamOptimizer.step` of `p` and its moments `m`, `v`. */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
    const ex = this.ex;
    const { b1, c1, b2, c2, shrink, stepSize, sqrtBc2, eps } = s;
    this.slices(p, g, m, v, (r, n) => ex.adam(0, 4 * r, 8 * r, 12 * r, n, b1, c1, b2, c2, shrink, stepSize, sqrtBc2, eps));
  }

  /**
   * Runs `update(r, n)` over `p` slice by slice: copies the slice of p, g and the slots `s1`, `s2` (when given) to
   * regions of r floats each, then copies p and the slots back.
   */
  private slices(
    p: Float32Array,
    g: Float32Array,
    s1: Float32Array | null,
    s2: Float32Array | null,
    update: (r: number, n: number) => void,
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
      update(r, n);
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
