import { GEMM_MAX_PAGES, WasmGemm } from '../wasm/gemm-kernel';
import { hasWasmRelaxedSimd } from '../wasm/relaxed-simd-support';
import { ThreadPool } from './pool';

let threads = 1;

/**
 * Sets how many threads the wasm matrix products may use (the caller plus pool workers); `cpuBackend({ threads })`
 * sets it before every call of its sessions. Results are bit-identical for any count.
 */
export function setGemmThreads(next: number): void {
  threads = next;
}

/**
 * How many threads the CPU backend's kernels may use now: the running session's `cpuBackend({ threads })`, applied
 * before each of its calls (1 outside sessions). Layer plugins with their own threaded kernels read it.
 */
export function gemmThreads(): number {
  return threads;
}

/** The pool the matrix products share, or why there is none (created on first use). */
let pool: ThreadPool | string | undefined;
const kernels: { plain?: WasmGemm | null; fma?: WasmGemm | null } = {};

/** Why the matrix products run on one thread although more were asked for, or undefined when they can run on more. */
export function gemmThreadsUnavailable(): string | undefined {
  if (pool === undefined) pool = ThreadPool.create(GEMM_MAX_PAGES);
  return typeof pool === 'string' ? pool : undefined;
}

/** Why the pool's workers could not start or failed, if they did (the products then run on fewer threads). */
export function gemmThreadsFailure(): string | undefined {
  return typeof pool === 'object' ? pool.failure : undefined;
}

/** Starts workers so that `threads` threads (the caller plus workers) can run matrix products; they start asynchronously. */
export function startGemmThreads(threads: number): void {
  if (threads <= 1 || gemmThreadsUnavailable() !== undefined) return;
  // Registering the kernels now lets the workers instantiate them while the caller is still setting up.
  threadedGemm(false);
  if (hasWasmRelaxedSimd()) threadedGemm(true);
  (pool as ThreadPool).grow(threads - 1);
}

/** The matrix kernel on the shared pool (`fma`: the relaxed-SIMD one), or null without a pool or SIMD. */
export function threadedGemm(fma: boolean): WasmGemm | null {
  if (gemmThreadsUnavailable() !== undefined) return null;
  const key = fma ? 'fma' : 'plain';
  let k = kernels[key];
  if (k === undefined) k = kernels[key] = WasmGemm.createThreaded(pool as ThreadPool, fma);
  return k;
}

/** The pool of the matrix products, when there is one (tests and reports: worker counts, chunks run by workers). */
export function gemmThreadPool(): ThreadPool | undefined {
  return typeof pool === 'object' ? pool : undefined;
}

/**
 * Resolves once `workers` workers of the matrix products' pool are ready (at most `timeoutMs` later), so that a
 * benchmark or test measures them from the first call. Results never depend on it.
 */
export async function gemmThreadsReady(workers: number, timeoutMs = 4000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = gemmThreadPool();
    if (p && p.ready >= workers) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The CPU backend's worker pool as {@link cpuThreadPoolInfo} reports it. */
export interface CpuThreadPoolInfo {
  /** Workers started (the calling thread is not counted). */
  readonly workers: number;
  /** Workers ready to take work (they start asynchronously). */
  readonly ready: number;
  /** Chunks of matrix products run on workers since the pool started. */
  readonly workerChunks: number;
}

/**
 * The CPU backend's worker pool (shared by every session of the process or page), or undefined before a session
 * with more than one thread started it or where threads are unavailable (`report.threads.reason` says why).
 * @example const info = cpuThreadPoolInfo(); // { workers: 1, ready: 1, workerChunks: 4210 }
 */
export function cpuThreadPoolInfo(): CpuThreadPoolInfo | undefined {
  const p = gemmThreadPool();
  return p && { workers: p.size, ready: p.ready, workerChunks: p.workerChunks };
}
