import { GEMM_FMA_WASM_BASE64 } from './gemm-fma-wasm.generated';
import { GEMM_WASM_BASE64 } from './gemm-wasm.generated';
import { hasWasmRelaxedSimd } from './relaxed-simd-support';
import type { WasmGlobal, WasmMemory } from './wasm-api';
import { instantiateSimd, WasmScratch } from './wasm-scratch';

interface GemmExports {
  readonly memory: WasmMemory;
  readonly MR: WasmGlobal;
  readonly NR: WasmGlobal;
  packB(src: number, dst: number, k: number, n: number, rs: number, cs: number): void;
  gemm(a: number, rsA: number, csA: number, bp: number, c: number, mp: number, k: number, np: number, acc: number): void;
}

/** How many wasm-memory views of results are kept (one per distinct output shape a model uses). */
const VIEW_CACHE_SIZE = 16;

/**
 * The WebAssembly SIMD matrix kernel and the scratch memory it owns. Operands are copied into that memory per call
 * (O(mk + kn) copies against O(mkn) arithmetic), so callers keep their own Float32Arrays and nothing outside this
 * class ever holds a view of wasm memory: growing it cannot invalidate anyone else's view.
 */
export class WasmGemm {
  private readonly ex: GemmExports;
  private readonly mr: number;
  private readonly nr: number;
  private readonly scratch: WasmScratch;

  private constructor(ex: GemmExports) {
    this.ex = ex;
    this.mr = ex.MR.value as number;
    this.nr = ex.NR.value as number;
    this.scratch = new WasmScratch(ex.memory, 3, VIEW_CACHE_SIZE);
  }

  /** Compiles the kernel synchronously (the module is ~2.5 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmGemm | null {
    const ex = instantiateSimd<GemmExports>(GEMM_WASM_BASE64);
    return ex && new WasmGemm(ex);
  }

  /** The same kernel with `f32x4.relaxed_madd` as its multiply-add, or null without relaxed SIMD. */
  static createFma(): WasmGemm | null {
    if (!hasWasmRelaxedSimd()) return null;
    const ex = instantiateSimd<GemmExports>(GEMM_FMA_WASM_BASE64);
    return ex && new WasmGemm(ex);
  }

  /**
   * C[M×N] (+)= op(A)·op(B) where op(A)'s element (i, p) is `a[i*rsA + p*csA]` and op(B)'s element (p, j) is
   * `b[p*rsB + j*csB]` (strides in elements). `a` holds `aLen` and `b` holds `bLen` elements.
   */
  run(
    a: Float32Array,
    aLen: number,
    rsA: number,
    csA: number,
    b: Float32Array,
    bLen: number,
    rsB: number,
    csB: number,
    c: Float32Array,
    M: number,
    K: number,
    N: number,
    accumulate: boolean,
  ): void {
    const mr = this.mr;
    const nr = this.nr;
    const mp = Math.ceil(M / mr) * mr;
    const np = Math.ceil(N / nr) * nr;
    // Layout in floats, each region 16-byte aligned: [A (padded to mp rows) | raw B | packed B | C (mp × np)].
    // Reads of op(A) rows past M stay inside the A region and only feed C rows that are never copied out.
    const aOff = 0;
    const bOff = align4(aOff + Math.max(mp * K, aLen));
    const bpOff = align4(bOff + bLen);
    const cOff = align4(bpOff + K * np);
    const s = this.scratch;
    s.ensure(cOff + mp * np);
    const heap = s.heap;
    s.copyIn(0, a, 0, aLen, aOff);
    s.copyIn(1, b, 0, bLen, bOff);
    const size = M * N;
    if (accumulate) {
      s.copyIn(2, c, 0, size, cOff);
      // Spread rows from stride N to stride np, last row first so that nothing is overwritten before it moves.
      if (np !== N) for (let i = M - 1; i > 0; i--) heap.copyWithin(cOff + i * np, cOff + i * N, cOff + i * N + N);
    }
    const ex = this.ex;
    ex.packB(bOff * 4, bpOff * 4, K, N, rsB * 4, csB * 4);
    ex.gemm(aOff * 4, rsA * 4, csA * 4, bpOff * 4, cOff * 4, mp, K, np, accumulate ? 1 : 0);
    if (np !== N) for (let i = 1; i < M; i++) heap.copyWithin(cOff + i * N, cOff + i * np, cOff + i * np + N);
    s.copyOut(cOff, size, c, 0);
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.scratch.bytes;
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
