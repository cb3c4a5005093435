// LayerNorm on the CPU, PyTorch semantics: each row of `[rows, features]` is normalised over its features with
// the biased variance, then scaled by γ and shifted by β per feature. Statistics are accumulated in float64.

/** The sizes of one LayerNorm call: `x` is `[rows, features]`, row-major. */
export interface LayerNormDims {
  /** Rows normalised independently (the batch, times any leading dimensions that are not normalised). */
  readonly rows: number;
  /** Elements normalised together: the product of the normalised (trailing) dimensions. */
  readonly features: number;
}

/** Affine parameters, one per feature. */
export interface LayerNormAffine {
  /** γ, length `features`. */
  readonly weight: Float32Array;
  /** β, length `features`. */
  readonly bias: Float32Array;
}

/** What the forward keeps for the backward pass: the mean and 1/√(σ² + ε) of each row. */
export interface LayerNormSaved {
  /** Row means, length `rows`. */
  readonly mean: Float64Array;
  /** 1 / √(biased row variance + ε), length `rows`. */
  readonly invStd: Float64Array;
}

/** Gradient buffers of the affine parameters; backward ADDS into them. */
export interface LayerNormGrads {
  /** dLoss/dγ, length `features`. */
  readonly weight: Float32Array;
  /** dLoss/dβ, length `features`. */
  readonly bias: Float32Array;
}

/** Forward: `y = γ · (x - μ_row) / √(σ²_row + ε) + β`; fills `saved`. Same in training and inference. */
export function layerNormForward(
  x: Float32Array,
  y: Float32Array,
  dims: LayerNormDims,
  eps: number,
  affine: LayerNormAffine,
  saved: LayerNormSaved,
): void {
  const { rows, features } = dims;
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    let sum = 0;
    for (let j = 0; j < features; j++) sum += x[base + j];
    const mean = sum / features;
    let squares = 0;
    for (let j = 0; j < features; j++) {
      const d = x[base + j] - mean;
      squares += d * d;
    }
    const invStd = 1 / Math.sqrt(squares / features + eps);
    saved.mean[r] = mean;
    saved.invStd[r] = invStd;
    for (let j = 0; j < features; j++) {
      y[base + j] = affine.weight[j] * ((x[base + j] - mean) * invStd) + affine.bias[j];
    }
  }
}

/**
 * Backward: with `g = dy · γ`, `dx = invStd / D · (D · g - Σg - x̂ · Σ(g · x̂))` per row (D = features); adds
 * `Σ_rows dy · x̂` to dγ and `Σ_rows dy` to dβ. `dx` is skipped when null (the first layer of a model).
 */
export function layerNormBackward(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dims: LayerNormDims,
  affine: LayerNormAffine,
  saved: LayerNormSaved,
  grads: LayerNormGrads,
): void {
  const { rows, features } = dims;
  for (let j = 0; j < features; j++) {
    let sumDyXhat = 0;
    let sumDy = 0;
    for (let r = 0; r < rows; r++) {
      const d = dy[r * features + j];
      sumDyXhat += d * (x[r * features + j] - saved.mean[r]) * saved.invStd[r];
      sumDy += d;
    }
    grads.weight[j] += sumDyXhat;
    grads.bias[j] += sumDy;
  }
  if (!dx) return;
  for (let r = 0; r < rows; r++) {
    const base = r * features;
    const mean = saved.mean[r];
    const invStd = saved.invStd[r];
    let sumG = 0;
    let sumGXhat = 0;
    for (let j = 0; j < features; j++) {
      const g = dy[base + j] * affine.weight[j];
      sumG += g;
      sumGXhat += g * (x[base + j] - mean) * invStd;
    }
    for (let j = 0; j < features; j++) {
      const xhat = (x[base + j] - mean) * invStd;
      dx[base + j] = (invStd / features) * (features * dy[base + j] * affine.weight[j] - sumG - xhat * sumGXhat);
    }
  }
}
