import { type Initializer, type Rng, ValidationError } from '@rectify/core';

/**
 * A (semi-)orthogonal matrix times `gain`, as PyTorch's `nn.init.orthogonal_`: a standard normal matrix is
 * factored `QR` (Q with the signs that make R's diagonal positive), so Q is uniform over orthogonal matrices. For a
 * `[rows, cols]` matrix with rows < cols the rows are orthonormal, otherwise the columns.
 * @throws ValidationError when `gain` is not finite.
 */
export function orthogonalInit(gain = 1): Initializer {
  if (typeof gain !== 'number' || !Number.isFinite(gain)) {
    throw new ValidationError(`orthogonal: gain must be a finite number, got ${String(gain)}`);
  }
  return Object.freeze({
    type: 'orthogonal',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng: Rng) {
      if (out.length !== fanIn * fanOut) {
        throw new ValidationError(`orthogonal: a ${fanIn} x ${fanOut} matrix needs ${fanIn * fanOut} values, got ${out.length}`);
      }
      fillOrthogonal(out, fanIn, fanOut, gain, rng);
    },
    config: () => ({ type: 'orthogonal', gain }),
  } satisfies Initializer);
}

/** Modified Gram-Schmidt in float64 on the longer side's vectors; equals Householder QR with positive diag(R). */
function fillOrthogonal(out: Float32Array, rows: number, cols: number, gain: number, rng: Rng): void {
  // Orthonormalise k vectors of length n: columns when rows >= cols, rows otherwise.
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  const n = tall ? rows : cols;
  const v = new Float64Array(k * n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const g = rng.normal();
      if (tall) v[c * n + r] = g;
      else v[r * n + c] = g;
    }
  }
  for (let a = 0; a < k; a++) {
    const va = a * n;
    for (let b = 0; b < a; b++) {
      const vb = b * n;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[va + i] * v[vb + i];
      for (let i = 0; i < n; i++) v[va + i] -= dot * v[vb + i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[va + i] * v[va + i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[va + i] /= norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (tall ? v[c * n + r] : v[r * n + c]);
  }
}
