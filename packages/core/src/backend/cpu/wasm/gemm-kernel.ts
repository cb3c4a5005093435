import { decodeBase64 } from './base64';
import { GEMM_WASM_BASE64 } from './gemm-wasm.generated';
import { hasWasmSimd } from './simd-support';
import { type WasmGlobal, type WasmMemory, wasmApi } from './wasm-api';

interface GemmExports {
  readonly memory: WasmMemory;
  readonly MR: WasmGlobal;
  readonly NR: WasmGlobal;
  packB(src: number, dst: number, k: number, n: number, rs: number, cs: number): void;
  gemm(a: number, rsA: number, csA: number, bp: number, c: number, mp: number, k: number, np: number, acc: number): void;
}

/** How many wasm-memory views of results are kept (one per distinct output shape a model uses). */
const VIEW_CACHE_SIZE = 16;
const PAGE_FLOATS = 65536 / 4;

/**
 * The WebAssembly SIMD matrix kernel and the scratch memory it owns. Operands are copied into that memory per call
 * (O(mk + kn) copies against O(mkn) arithmetic), so callers keep their own Float32Arrays and nothing outside this
 * class ever holds a view of wasm memory: growing it cannot invalidate anyone else's view.
 */
export class WasmGemm {
  private readonly ex: GemmExports;
  private readonly mr: number;
  private readonly nr: number;
  private heap: Float32Array;
  private readonly viewOff = new Int32Array(VIEW_CACHE_SIZE).fill(-1);
  private readonly viewLen = new Int32Array(VIEW_CACHE_SIZE);
  private readonly views: (Float32Array | null)[] = new Array(VIEW_CACHE_SIZE).fill(null);
  private nextView = 0;

  private constructor(ex: GemmExports) {
    this.ex = ex;
    this.mr = ex.MR.value as number;
    this.nr = ex.NR.value as number;
    this.heap = new Float32Array(ex.memory.buffer);
  }

  /** Compiles the kernel synchronously (the module is ~1 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmGemm | null {
    const api = wasmApi();
    if (!api || !hasWasmSimd()) return null;
    try {
      const module = new api.Module(decodeBase64(GEMM_WASM_BASE64));
      const instance = new api.Instance(module, {});
      return new WasmGemm(instance.exports as unknown as GemmExports);
    } catch {
      return null;
    }
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
    this.ensure(cOff + mp * np);
    const heap = this.heap;
    heap.set(a.length === aLen ? a : a.subarray(0, aLen), aOff);
    heap.set(b.length === bLen ? b : b.subarray(0, bLen), bOff);
    const size = M * N;
    if (accumulate) {
      heap.set(c.length === size ? c : c.subarray(0, size), cOff);
      // Spread rows from stride N to stride np, last row first so that nothing is overwritten before it moves.
      if (np !== N) for (let i = M - 1; i > 0; i--) heap.copyWithin(cOff + i * np, cOff + i * N, cOff + i * N + N);
    }
    const ex = this.ex;
    ex.packB(bOff * 4, bpOff * 4, K, N, rsB * 4, csB * 4);
    ex.gemm(aOff * 4, rsA * 4, csA * 4, bpOff * 4, cOff * 4, mp, K, np, accumulate ? 1 : 0);
    if (np !== N) for (let i = 1; i < M; i++) heap.copyWithin(cOff + i * N, cOff + i * np, cOff + i * np + N);
    c.set(this.view(cOff, size));
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  private ensure(floats: number): void {
    const have = this.ex.memory.buffer.byteLength / 4;
    if (floats > have) {
      this.ex.memory.grow(Math.ceil((floats - have) / PAGE_FLOATS));
      this.heap = new Float32Array(this.ex.memory.buffer);
      this.viewOff.fill(-1);
      this.views.fill(null);
    }
  }

  /** A cached subarray of the heap, so that steady-state calls allocate nothing. */
  private view(off: number, len: number): Float32Array {
    for (let i = 0; i < VIEW_CACHE_SIZE; i++) {
      if (this.viewOff[i] === off && this.viewLen[i] === len) return this.views[i] as Float32Array;
    }
    const v = this.heap.subarray(off, off + len);
    const slot = this.nextView;
    this.nextView = (slot + 1) % VIEW_CACHE_SIZE;
    this.viewOff[slot] = off;
    this.viewLen[slot] = len;
    this.views[slot] = v;
    return v;
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
