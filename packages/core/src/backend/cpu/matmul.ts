/**
 * The three matrix products a dense layer needs, on row-major float32 arrays. `accumulate` adds into `c` instead
 * of overwriting it. None of them allocates in steady state.
 *
 * They run a WebAssembly SIMD kernel (4×12 register-blocked micro-kernel over packed B panels, see
 * `scripts/gemm-wat.mjs`) when the engine has WebAssembly SIMD, and plain JavaScript otherwise or when the product
 * is too small to repay copying the operands into wasm memory.
 */
import { jsMatmul, jsMatmulTransA, jsMatmulTransB } from './matmul-js';
import { LazyKernel } from './kernel-switch';
import { gemmThreads, threadedGemm } from './threads/gemm-threads';
import { WasmGemm } from './wasm/gemm-kernel';

/** Which implementation the matrix products use: `auto` picks wasm for big enough products when available. */
export type MatmulKernelMode = 'auto' | 'wasm' | 'js';

/** Below this many multiply-adds, `auto` stays in JavaScript (the copies into wasm memory would dominate). */
const WASM_MIN_WORK = 4096;

const gemm = /* @__PURE__ */ new LazyKernel(WasmGemm.create);
/** The relaxed-SIMD variant obeys the same mode: `js` switches both off. */
const gemmFma = /* @__PURE__ */ new LazyKernel(WasmGemm.createFma, gemm.setting);

/** Whether the wasm path uses the fused multiply-add kernel: `auto` where the engine has relaxed SIMD. */
export type MatmulFma = 'auto' | boolean;

let fma: MatmulFma = 'auto';

/**
 * Below this many multiply-adds a product stays on one thread: waking a worker and splitting the rows costs more
 * than the work saved.
 */
const THREAD_MIN_WORK = 1 << 18;

function useWasm(work: number): WasmGemm | null {
  if (gemm.setting.mode === 'auto' && work < WASM_MIN_WORK) return null;
  const fused = fma !== false && gemmFma.enabled() !== null;
  const single = fused ? gemmFma.enabled() : gemm.enabled();
  const threads = gemmThreads();
  if (single && threads > 1 && work >= THREAD_MIN_WORK) {
    const k = threadedGemm(fused);
    if (k) {
      k.workers = threads - 1;
      return k;
    }
  }
  return single;
}

/**
 * Chooses whether the wasm matrix products use the relaxed-SIMD fused multiply-add kernel (see {@link MatmulFma});
 * `cpuBackend({ fma })` sets it before every call of its sessions. `true` where the engine lacks relaxed SIMD runs
 * the plain kernel: `cpuBackend` refuses that case before it gets here.
 */
export function setMatmulFma(next: MatmulFma): void {
  fma = next;
}

/** True when the wasm matrix products run the fused multiply-add kernel here (small `auto` products stay in JS). */
export function matmulFma(): boolean {
  return fma !== false && gemmFma.enabled() !== null;
}

/**
 * Chooses the implementation of {@link matmul}, {@link matmulTransA} and {@link matmulTransB} for this process:
 * `js` forces the plain-JavaScript path (tests, debugging), `wasm` uses WebAssembly SIMD for every size (when the
 * engine has it), `auto` (the default) uses it for products of at least a few thousand multiply-adds.
 * @deprecated Use `cpuBackend({ kernels: { matmul: … } })`; this process-wide switch is removed in the next minor.
 */
export function setMatmulKernel(next: MatmulKernelMode): void {
  gemm.setting.mode = next;
}

/** What the matrix products run on here: `wasm-simd` when the SIMD kernel is available and not disabled, else `js`. */
export function matmulKernel(): 'wasm-simd' | 'js' {
  return gemm.runsOn();
}

/** c[m×n] (+)= a[m×k] · b[k×n] */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const g = useWasm(m * k * n);
  if (g) g.run(a, m * k, k, 1, b, k * n, n, 1, c, m, k, n, accumulate);
  else jsMatmul(a, b, c, m, k, n, accumulate);
}

/** c[k×n] (+)= aᵀ · b, with a[m×k] and b[m×n] (the kernel gradient xᵀ·dy). */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  const g = useWasm(m * k * n);
  if (g) g.run(a, m * k, 1, k, b, m * n, n, 1, c, k, m, n, accumulate);
  else jsMatmulTransA(a, b, c, m, k, n, accumulate);
}

/** c[m×k] (+)= a · bᵀ, with a[m×n] and b[k×n] (the input gradient dy·Wᵀ). */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  const g = useWasm(m * k * n);
  if (g) g.run(a, m * n, n, 1, b, k * n, 1, n, c, m, n, k, accumulate);
  else jsMatmulTransB(a, b, c, m, n, k, accumulate);
}
