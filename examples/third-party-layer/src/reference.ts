/**
 * Float64 Maxout written from the definition, the tests' independent truth: `y[n, j] = max_k (b[j,k] + Σ_i x[n,i]
 * W[i, j·pieces + k])`.
 */
export function maxoutReference(
  x: ArrayLike<number>,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number>,
  batch: number,
  inputs: number,
  units: number,
  pieces: number,
): Float64Array {
  const y = new Float64Array(batch * units);
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) {
      const z = Array.from({ length: pieces }, (_, k) => {
        let s = bias[j * pieces + k];
        for (let i = 0; i < inputs; i++) s += x[n * inputs + i] * kernel[i * units * pieces + j * pieces + k];
        return s;
      });
      y[n * units + j] = Math.max(...z);
    }
  }
  return y;
}
