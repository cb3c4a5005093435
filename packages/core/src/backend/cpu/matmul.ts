/**
 * The three matrix products a dense layer needs, on row-major float32 arrays.
 * `accumulate` adds into `c` instead of overwriting it. None of them allocates.
 */

/** c[m×n] (+)= a[m×k] · b[k×n] */
export function matmul(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j];
    }
  }
}

/** c[k×n] (+)= aᵀ · b, with a[m×k] and b[m×n] (the kernel gradient xᵀ·dy). */
export function matmulTransA(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, k * n);
  for (let i = 0; i < m; i++) {
    const bRow = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j];
    }
  }
}

/** c[m×k] (+)= a · bᵀ, with a[m×n] and b[k×n] (the input gradient dy·Wᵀ). */
export function matmulTransB(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, accumulate = false): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * n;
    for (let p = 0; p < k; p++) {
      const bRow = p * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[aRow + j] * b[bRow + j];
      c[i * k + p] = accumulate ? c[i * k + p] + s : s;
    }
  }
}
