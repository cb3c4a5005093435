// Maxout on the CPU: `z = x·W + b` with `units · pieces` columns, then each unit keeps the largest of its pieces.
// Loops are plain JavaScript over the caller's buffers (no allocation per call); sums run in float64.

/** The sizes of one Maxout call. */
export interface MaxoutDims {
  /** Samples in the batch. */
  readonly batch: number;
  /** Input features per sample. */
  readonly inputs: number;
  /** Output units per sample. */
  readonly units: number;
  /** Linear pieces per unit (k in the paper). */
  readonly pieces: number;
}

/** Parameters: `kernel` is `[inputs, units · pieces]` row-major (column `j · pieces + k` is piece k of unit j). */
export interface MaxoutWeights {
  /** `[inputs, units · pieces]`. */
  readonly kernel: Float32Array;
  /** `[units · pieces]`. */
  readonly bias: Float32Array;
}

/**
 * Forward: writes `y[n, j] = max_k z[n, j, k]` and the winning piece into `winner` (`[batch, units]`; the first
 * of equal pieces, as PyTorch's `max` picks; NaN wins so that it propagates).
 */
export function maxoutForward(
  x: Float32Array,
  y: Float32Array,
  winner: Int32Array,
  dims: MaxoutDims,
  weights: MaxoutWeights,
): void {
  const { batch, inputs, units, pieces } = dims;
  const cols = units * pieces;
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) {
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let k = 0; k < pieces; k++) {
        const col = j * pieces + k;
        let z = weights.bias[col];
        for (let i = 0; i < inputs; i++) z += x[n * inputs + i] * weights.kernel[i * cols + col];
        const zf = Math.fround(z);
        if (zf > best || Number.isNaN(zf)) {
          best = zf;
          arg = k;
          if (Number.isNaN(zf)) break;
        }
      }
      y[n * units + j] = best;
      winner[n * units + j] = arg;
    }
  }
}

/** Gradient buffers; backward ADDS into them. */
export interface MaxoutGrads {
  /** dLoss/dKernel, `[inputs, units · pieces]`. */
  readonly kernel: Float32Array;
  /** dLoss/dBias, `[units · pieces]`. */
  readonly bias: Float32Array;
}

/**
 * Backward: the gradient of each unit flows only through its winning piece. Adds `x_i · dy` to the winning column
 * of the kernel gradient and `dy` to its bias; writes `dx` unless it is null.
 */
export function maxoutBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  winner: Int32Array,
  dims: MaxoutDims,
  weights: MaxoutWeights,
  grads: MaxoutGrads,
): void {
  const { batch, inputs, units, pieces } = dims;
  const cols = units * pieces;
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) {
      const g = dy[n * units + j];
      const col = j * pieces + winner[n * units + j];
      grads.bias[col] += g;
      for (let i = 0; i < inputs; i++) grads.kernel[i * cols + col] += x[n * inputs + i] * g;
    }
    if (!dx) continue;
    for (let i = 0; i < inputs; i++) {
      let s = 0;
      for (let j = 0; j < units; j++) s += dy[n * units + j] * weights.kernel[i * cols + j * pieces + winner[n * units + j]];
      dx[n * inputs + i] = s;
    }
  }
}
