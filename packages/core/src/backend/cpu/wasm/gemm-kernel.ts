import { GEMM_FMA_WASM } from './gemm-fma-wasm.generated';
import { GEMM_WASM } from './gemm-wasm.generated';
import { withSharedMemoryImport } from '../threads/shared-import';
import type { ThreadPool } from '../threads/pool';
import { moduleBytes } from './module-bytes';
import { hasWasmRelaxedSimd } from './relaxed-simd-support';
import { type WasmGlobal, type WasmMemory, wasmApi } from './wasm-api';
import { compileSimd, instantiateSimd, WasmScratch } from './wasm-scratch';

/** The maximum of the kernel's memory import, in pages: must match GEMM_MAX_PAGES in scripts/gemm-wat.mjs. */
export const GEMM_MAX_PAGES = 16384;

interface GemmExports {
  readonly MR: WasmGlobal;
  readonly NR: WasmGlobal;
  packB(src: number, dst: number, k: number, n: number, rs: number, cs: number): void;
  gemm(
    a: number,
    rsA: number,
    csA: number,
    bp: number,
    c: number,
    mp: number,
    k: number,
    n: number,
    edge: number,
    acc: number,
  ): void;
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
  private readonly pool: ThreadPool | null;
  private readonly poolFn: number;
  /** Workers a threaded kernel may use besides the calling thread (set per call by the matrix products). */
  workers = 0;

  private constructor(ex: GemmExports, memory: WasmMemory, pool: ThreadPool | null = null, poolFn = -1) {
    this.ex = ex;
    this.mr = ex.MR.value as number;
    this.nr = ex.NR.value as number;
    this.scratch = new WasmScratch(memory, 3, VIEW_CACHE_SIZE);
    this.pool = pool;
    this.poolFn = poolFn;
  }

  /** Compiles the kernel synchronously (the module is ~2.5 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmGemm | null {
    return WasmGemm.onOwnMemory(GEMM_WASM);
  }

  /** The same kernel with `f32x4.relaxed_madd` as its multiply-add, or null without relaxed SIMD. */
  static createFma(): WasmGemm | null {
    if (!hasWasmRelaxedSimd()) return null;
    return WasmGemm.onOwnMemory(GEMM_FMA_WASM);
  }

  /** The kernel on a new growable memory of its own (the single-threaded path). */
  private static onOwnMemory(base64: string): WasmGemm | null {
    const api = wasmApi();
    if (!api || typeof api.Memory !== 'function') return null;
    const memory = new api.Memory({ initial: 1, maximum: GEMM_MAX_PAGES });
    const ex = instantiateSimd<GemmExports>(base64, { env: { memory } });
    return ex && new WasmGemm(ex, memory);
  }

  /**
   * The kernel (`fma`: the relaxed-SIMD one) on a thread pool's shared memory, splitting each product's rows over the
   * pool's workers; null without (relaxed) SIMD.
   */
  static createThreaded(pool: ThreadPool, fma: boolean): WasmGemm | null {
    if (fma && !hasWasmRelaxedSimd()) return null;
    const base64 = fma ? GEMM_FMA_WASM : GEMM_WASM;
    const api = wasmApi();
    if (!api || !compileSimd(base64)) return null;
    const module = new api.Module(withSharedMemoryImport(moduleBytes(base64)));
    const ex = new api.Instance(module, { env: { memory: pool.memory } }).exports as unknown as GemmExports;
    return new WasmGemm(ex, pool.memory, pool, pool.register(module, ['gemm']));
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
    // Layout in floats, each region 16-byte aligned: [A (padded to mp rows) | raw B | packed B | C (mp × N) | edge
    // (mp × NR, the partial last panel's scratch)]. Reads of op(A) rows past M stay inside the A region and only feed
    // C rows that are never copied out.
    const aOff = 0;
    const bOff = align4(aOff + Math.max(mp * K, aLen));
    const bpOff = align4(bOff + bLen);
    const cOff = align4(bpOff + K * np);
    const edgeOff = align4(cOff + mp * N);
    const s = this.scratch;
    s.ensure(edgeOff + (np === N ? 0 : mp * nr));
    s.copyIn(0, a, 0, aLen, aOff);
    s.copyIn(1, b, 0, bLen, bOff);
    const size = M * N;
    if (accumulate) s.copyIn(2, c, 0, size, cOff);
    const ex = this.ex;
    ex.packB(bOff * 4, bpOff * 4, K, N, rsB * 4, csB * 4);
    if (this.pool && this.workers > 0 && mp > mr)
      this.runSplit(aOff * 4, rsA * 4, csA * 4, bpOff * 4, cOff * 4, mp, K, N, edgeOff * 4, accumulate);
    else ex.gemm(aOff * 4, rsA * 4, csA * 4, bpOff * 4, cOff * 4, mp, K, N, edgeOff * 4, accumulate ? 1 : 0);
    s.copyOut(cOff, size, c, 0);
  }

  /**
   * The gemm call split into row blocks (multiples of MR rows), four per thread, run on the pool. Each element of C
   * is computed by the same micro-kernel steps whichever block holds it, so the result is bit-identical to one call.
   */
  private runSplit(
    a: number,
    rsA: number,
    csA: number,
    bp: number,
    c: number,
    mp: number,
    k: number,
    cols: number,
    edge: number,
    acc: boolean,
  ): void {
    const pool = this.pool as ThreadPool;
    const blocks = mp / this.mr;
    // Several blocks per thread: a worker that is late or descheduled then holds back only a small one.
    const chunks = Math.min(blocks, 4 * (this.workers + 1));
    const per = Math.ceil(blocks / chunks);
    let n = 0;
    for (let b0 = 0; b0 < blocks; b0 += per) {
      const rows = Math.min(per, blocks - b0) * this.mr;
      const i0 = b0 * this.mr;
      const args = pool.args(n++);
      args[0] = a + i0 * rsA;
      args[1] = rsA;
      args[2] = csA;
      args[3] = bp;
      args[4] = c + i0 * cols * 4;
      args[5] = rows;
      args[6] = k;
      args[7] = cols;
      args[8] = edge + i0 * this.nr * 4;
      args[9] = acc ? 1 : 0;
    }
    pool.run(this.poolFn, n, this.workers);
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.scratch.bytes;
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
