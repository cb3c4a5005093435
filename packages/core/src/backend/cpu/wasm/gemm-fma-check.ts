/**
 * Measures the fused multiply-add matrix kernel against a float64 reference and against the plain kernel. Run in
 * the test process where the engine has relaxed SIMD, and by `gemm-fma-child.ts` in a Node started with
 * `--experimental-wasm-relaxed-simd` where it does not (Node 20), so that both report the same JSON.
 */
import { Rng } from '../../../random';
import { WasmGemm } from './gemm-kernel';

/** One product's worst error, as a fraction of its error bound (≤ 1 passes). */
export interface FmaShapeResult {
  /** `M×K×N`, and `+C` when accumulating into C. */
  readonly shape: string;
  /** max over elements of |fma − exact| / (γ_k · Σ|terms|). */
  readonly fmaVsExact: number;
  /** max over elements of |fma − plain| / (2 γ_k · Σ|terms|): both kernels are within γ_k of the exact value. */
  readonly fmaVsPlain: number;
  /** Elements whose FMA and plain results differ in their bits. */
  readonly differing: number;
}

/** What {@link runFmaChecks} reports. */
export interface FmaCheckReport {
  /** False when the engine could not compile the relaxed-SIMD kernel (then nothing else was measured). */
  readonly compiled: boolean;
  /** Per product. */
  readonly shapes: readonly FmaShapeResult[];
  /**
   * (1 + 2⁻¹²)² − 1 through the kernel as a 1×2·2×1 product: 2⁻¹¹ + 2⁻²⁴ when the multiply-add is fused (one
   * rounding), 2⁻¹¹ when the engine splits it (the product rounds to 1 + 2⁻¹¹ first).
   */
  readonly fusedProbe: number;
}

const U = 2 ** -24;

function gamma(k: number): number {
  return (k * U) / (1 - k * U);
}

function randomMatrix(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.range(-1, 1);
  return out;
}

function checkShape(fma: WasmGemm, plain: WasmGemm, rng: Rng, M: number, K: number, N: number, acc: boolean): FmaShapeResult {
  const a = randomMatrix(rng, M * K);
  const b = randomMatrix(rng, K * N);
  const c0 = randomMatrix(rng, M * N);
  const cf = acc ? c0.slice() : new Float32Array(M * N);
  const cp = cf.slice();
  fma.run(a, M * K, K, 1, b, K * N, N, 1, cf, M, K, N, acc);
  plain.run(a, M * K, K, 1, b, K * N, N, 1, cp, M, K, N, acc);
  // k products plus, when accumulating, C's own value: the bound of a (k+1)-term sum.
  const g = gamma(acc ? K + 1 : K);
  let fmaVsExact = 0;
  let fmaVsPlain = 0;
  let differing = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let exact = acc ? c0[i * N + j] : 0;
      let magnitude = Math.abs(exact);
      for (let p = 0; p < K; p++) {
        const t = a[i * K + p] * b[p * N + j];
        exact += t;
        magnitude += Math.abs(t);
      }
      // float64's own rounding of the reference (K·2⁻⁵³ relative) is added so the bound stays a bound.
      const bound = g * magnitude + K * 2 ** -53 * magnitude + Number.MIN_VALUE;
      const f = cf[i * N + j];
      const p = cp[i * N + j];
      fmaVsExact = Math.max(fmaVsExact, Math.abs(f - exact) / bound);
      fmaVsPlain = Math.max(fmaVsPlain, Math.abs(f - p) / (2 * bound));
      if (!Object.is(f, p)) differing++;
    }
  }
  return { shape: `${M}×${K}×${N}${acc ? '+C' : ''}`, fmaVsExact, fmaVsPlain, differing };
}

/** Runs every check and returns the measurements; throws only when the plain SIMD kernel is missing. */
export function runFmaChecks(): FmaCheckReport {
  const plain = WasmGemm.create();
  if (!plain) throw new Error('runFmaChecks: this engine has no WebAssembly SIMD');
  const fma = WasmGemm.createFma();
  if (!fma) return { compiled: false, shapes: [], fusedProbe: Number.NaN };
  const rng = new Rng(18);
  const shapes = [
    checkShape(fma, plain, rng, 128, 784, 256, false), // the MLP's first layer
    checkShape(fma, plain, rng, 37, 129, 23, false), // padding in every dimension
    checkShape(fma, plain, rng, 9, 1000, 13, true),
    checkShape(fma, plain, rng, 4, 1, 12, true),
  ];
  const e = 1 + 2 ** -12;
  const probe = new Float32Array(1);
  // p = 0 adds 1·(−1), p = 1 then computes e·e + (−1) in one multiply-add.
  fma.run(new Float32Array([1, e]), 2, 2, 1, new Float32Array([-1, e]), 2, 1, 1, probe, 1, 2, 1, false);
  return { compiled: true, shapes, fusedProbe: probe[0] };
}
