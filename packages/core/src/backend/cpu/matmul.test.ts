import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../random';
import { type MatmulKernelMode, matmul, matmulKernel, matmulTransA, matmulTransB, setMatmulKernel } from './matmul';

type Variant = 'ab' | 'atb' | 'abt';
const U = 2 ** -24;

/** Row-major float64 product of op(A)[M×K] and op(B)[K×N] with element getters, plus Σ|a||b| per output. */
function reference(
  getA: (i: number, p: number) => number,
  getB: (p: number, j: number) => number,
  M: number,
  K: number,
  N: number,
) {
  const value = new Float64Array(M * N);
  const magnitude = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let m = 0;
      for (let p = 0; p < K; p++) {
        const t = getA(i, p) * getB(p, j);
        s += t;
        m += Math.abs(t);
      }
      value[i * N + j] = s;
      magnitude[i * N + j] = m;
    }
  }
  return { value, magnitude };
}

function randomArray(rng: Rng, n: number, extra = 0): Float32Array {
  const out = new Float32Array(n + extra);
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform() * 2 - 1;
  return out;
}

/**
 * Runs one variant through the public function on (M, K, N) = the shape of the product op(A)·op(B) and checks every
 * element against float64 within the rigorous float32 summation bound (K + 2)·u·(Σ|a·b| + |c0|).
 */
function check(variant: Variant, M: number, K: number, N: number, accumulate: boolean, seed = 1, slack = 0) {
  const rng = new Rng(seed);
  const a = randomArray(rng, M * K, slack);
  const b = randomArray(rng, K * N, slack);
  const c0 = randomArray(rng, M * N, slack);
  const c = c0.slice();
  let ref: ReturnType<typeof reference>;
  if (variant === 'ab') {
    ref = reference(
      (i, p) => a[i * K + p],
      (p, j) => b[p * N + j],
      M,
      K,
      N,
    );
    matmul(a, b, c, M, K, N, accumulate);
  } else if (variant === 'atb') {
    // a is [K rows × M cols] (the x of xᵀ·dy), b is [K × N]: c[M×N] = aᵀ·b.
    ref = reference(
      (i, p) => a[p * M + i],
      (p, j) => b[p * N + j],
      M,
      K,
      N,
    );
    matmulTransA(a, b, c, K, M, N, accumulate);
  } else {
    // a is [M × K], b is [N × K]: c[M×N] = a·bᵀ.
    ref = reference(
      (i, p) => a[i * K + p],
      (p, j) => b[j * K + p],
      M,
      K,
      N,
    );
    matmulTransB(a, b, c, M, K, N, accumulate);
  }
  let worst = 0;
  for (let i = 0; i < M * N; i++) {
    const start = accumulate ? c0[i] : 0;
    const want = start + ref.value[i];
    const bound = (K + 2) * U * (ref.magnitude[i] + Math.abs(start)) * 1.01 + 1e-30;
    const err = Math.abs(c[i] - want);
    if (!(err <= bound))
      throw new Error(`${variant} ${M}×${K}×${N} acc=${accumulate}: element ${i} is ${c[i]}, want ${want} ± ${bound}`);
    worst = Math.max(worst, err / (bound || 1));
  }
  // Elements past M·N belong to the caller and must be untouched.
  for (let i = M * N; i < c.length; i++) expect(c[i]).toBe(c0[i]);
  return worst;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [5, 3, 9],
  [8, 16, 16],
  [17, 1, 33],
  [7, 13, 10],
  [128, 64, 10],
  [129, 785, 257],
  // Whole 12-column panels with no padding, and k % 4 ≠ 0 after the transposed-B packer's 4×4 blocks.
  [4, 24, 24],
  [12, 4, 36],
  [5, 26, 30],
];

describe.each<MatmulKernelMode>(['wasm', 'js'])('matrix products (%s kernel)', (kernelMode) => {
  afterEach(() => setMatmulKernel('auto'));

  it('runs the kernel it was asked for', () => {
    setMatmulKernel(kernelMode);
    // Node 20 has WebAssembly SIMD, so the wasm path must really be taken here, not silently replaced by JS.
    expect(matmulKernel()).toBe(kernelMode === 'wasm' ? 'wasm-simd' : 'js');
  });

  for (const variant of ['ab', 'atb', 'abt'] as Variant[]) {
    for (const [M, K, N] of SHAPES) {
      for (const accumulate of [false, true]) {
        it(`${variant} ${M}×${K}×${N}${accumulate ? ' accumulate' : ''} matches float64`, () => {
          setMatmulKernel(kernelMode);
          expect(check(variant, M, K, N, accumulate, M * 31 + K * 7 + N)).toBeLessThanOrEqual(1);
        }, 60_000);
      }
    }
    it(`${variant} reads only the needed prefix of longer operands and writes only M·N outputs`, () => {
      setMatmulKernel(kernelMode);
      expect(check(variant, 6, 11, 13, true, 5, 37)).toBeLessThanOrEqual(1);
      expect(check(variant, 6, 11, 13, false, 6, 37)).toBeLessThanOrEqual(1);
    });
  }

  it('an inner dimension of 0 gives zeros, or leaves c unchanged when accumulating', () => {
    setMatmulKernel(kernelMode);
    const c = new Float32Array([1, 2, 3, 4, 5, 6]);
    matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('NaN in a row of A reaches only that row of C', () => {
    setMatmulKernel(kernelMode);
    const M = 6;
    const K = 9;
    const N = 11;
    const rng = new Rng(3);
    const a = randomArray(rng, M * K);
    const b = randomArray(rng, K * N);
    a[4 * K + 2] = Number.NaN;
    const c = new Float32Array(M * N);
    matmul(a, b, c, M, K, N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) expect(Number.isNaN(c[i * N + j])).toBe(i === 4);
    }
  });
});

describe('wasm kernel scratch memory', () => {
  afterEach(() => setMatmulKernel('auto'));

  it('stays correct when a large product grows the memory between small ones', () => {
    setMatmulKernel('wasm');
    expect(check('ab', 3, 5, 7, true, 11)).toBeLessThanOrEqual(1);
    expect(check('abt', 300, 700, 260, false, 12)).toBeLessThanOrEqual(1);
    expect(check('ab', 3, 5, 7, true, 11)).toBeLessThanOrEqual(1);
    expect(check('atb', 9, 130, 20, true, 13)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('auto mode gives the same values as the forced kernels within float32 tolerance on a dense-layer shape', () => {
    const rng = new Rng(9);
    const a = randomArray(rng, 32 * 40);
    const b = randomArray(rng, 40 * 24);
    const results = (['auto', 'wasm', 'js'] as MatmulKernelMode[]).map((m) => {
      setMatmulKernel(m);
      const c = new Float32Array(32 * 24);
      matmul(a, b, c, 32, 40, 24);
      return c;
    });
    for (let i = 0; i < results[0].length; i++) {
      expect(Math.abs(results[0][i] - results[2][i])).toBeLessThan(1e-4);
      expect(Math.abs(results[1][i] - results[2][i])).toBeLessThan(1e-4);
    }
  });
});

describe('generated wasm module', () => {
  it('is up to date with scripts/gemm-wat.mjs', () => {
    const script = fileURLToPath(new URL('../../../scripts/build-wasm.mjs', import.meta.url));
    // Exits non-zero (and so throws) when the committed base64 module differs from a fresh assembly.
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
