/**
 * Plain-JavaScript matrix products: the fallback where WebAssembly SIMD is missing and the path for products too
 * small to be worth a copy into wasm memory. Same signatures and semantics as the exports of `matmul.ts`.
 */

/** c[m×n] (+)= a[m×k] · b[k×n] */
export function jsMatmul(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
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

/** c[k×n] (+)= aᵀ · b, with a[m×k] and b[m×n]. */
export function jsMatmulTransA(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
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

/** c[m×k] (+)= a · bᵀ, with a[m×n] and b[k×n]. */
export function jsMatmulTransB(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
  accumulate: boolean,
): void {
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
