import { describe, expect, it } from 'vitest';
import { Rng } from '../../../random';
import { matmul, matmulTransA, matmulTransB, setMatmulFma, setMatmulKernel } from '../matmul';
import { gemmThreadPool, gemmThreadsReady, setGemmThreads as setMatmulThreads, startGemmThreads } from './gemm-threads';

function random(n: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

type Product = (a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, acc?: boolean) => void;

/** c of one product on `threads` threads, accumulating onto the same start values. */
function run(product: Product, threads: number, m: number, k: number, n: number, seed: number, acc: boolean): Float32Array {
  const rng = new Rng(seed);
  const a = random(m * k + k * n, rng);
  const b = random(m * n + k * n + m * k, rng);
  const c = random(Math.max(m * n, k * n, m * k), rng);
  setMatmulThreads(threads);
  try {
    product(a, b, c, m, k, n, acc);
  } finally {
    setMatmulThreads(1);
  }
  return c;
}

describe('matrix products on worker threads', () => {
  it('start workers that take chunks, and give bit-identical products for 1 to 4 threads', async () => {
    setMatmulKernel('wasm');
    startGemmThreads(4);
    expect(await gemmThreadsReady(3)).toBe(true);
    const pool = gemmThreadPool();
    if (!pool) throw new Error('no pool');
    const before = pool.workerChunks;
    try {
      for (const fma of [false, 'auto'] as const) {
        setMatmulFma(fma);
        // Shapes around the kernel's 4-row blocks and 12-column panels, above and below the threading threshold.
        for (const [m, k, n] of [
          [128, 784, 256],
          [130, 97, 131],
          [5, 300, 200],
          [257, 64, 10],
          [64, 64, 64],
        ]) {
          for (const [product, name] of [
            [matmul, 'matmul'],
            [matmulTransA, 'transA'],
            [matmulTransB, 'transB'],
          ] as const) {
            for (const acc of [false, true]) {
              const one = run(product, 1, m, k, n, m + k + n, acc);
              for (const t of [2, 3, 4]) {
                const many = run(product, t, m, k, n, m + k + n, acc);
                expect(
                  Buffer.from(many.buffer).equals(Buffer.from(one.buffer)),
                  `${name} ${m}×${k}×${n} acc=${acc} threads=${t} fma=${fma}`,
                ).toBe(true);
              }
            }
          }
        }
      }
    } finally {
      setMatmulFma('auto');
      setMatmulKernel('auto');
    }
    expect(pool.workerChunks - before).toBeGreaterThan(0);
  });
});
