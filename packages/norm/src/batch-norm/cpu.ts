// BatchNorm on the CPU, PyTorch semantics. The layout is `[batch, channels, spatial]`, row-major (spatial = 1 for
// `[N, C]`). Statistics are accumulated in float64; every function writes into buffers the caller owns.

/** The sizes of one BatchNorm call: `x` is `[batch, channels, spatial]`, row-major. */
export interface BatchNormDims {
  /** Samples in the batch (N). */
  readonly batch: number;
  /** Normalised channels (C): dimension 1 of the input. */
  readonly channels: number;
  /** Elements per channel per sample: the product of the dimensions after C (1 for `[N, C]`). */
  readonly spatial: number;
}

/** BatchNorm's hyper-parameters: PyTorch's `eps` and `momentum`. */
export interface BatchNormHyper {
  /** Added to the variance before the square root. PyTorch default 1e-5. */
  readonly eps: number;
  /** Weight of the batch statistic in the running estimate. PyTorch default 0.1. */
  readonly momentum: number;
}

/** Affine parameters `weight` (γ) and `bias` (β), one per channel. */
export interface BatchNormAffine {
  /** γ, length C. */
  readonly weight: Float32Array;
  /** β, length C. */
  readonly bias: Float32Array;
}

/** Non-trainable running statistics, one per channel; training updates them in place. */
export interface BatchNormRunning {
  /** Running mean, length C (PyTorch starts it at 0). */
  readonly mean: Float32Array;
  /** Running unbiased variance, length C (PyTorch starts it at 1). */
  readonly variance: Float32Array;
}

/** What a training forward keeps for the backward pass: the batch mean and 1/√(σ²_B + ε) per channel. */
export interface BatchNormSaved {
  /** Batch mean, length C. */
  readonly mean: Float64Array;
  /** 1 / √(biased batch variance + ε), length C. */
  readonly invStd: Float64Array;
}

/** Values per channel in one call: N · spatial. Training needs at least 2 for an unbiased variance. */
export function valuesPerChannel(dims: BatchNormDims): number {
  return dims.batch * dims.spatial;
}

/**
 * Training forward: normalises with the batch mean and the biased batch variance, writes `y`, fills `saved`, and
 * moves the running statistics: `running = (1 - momentum) · running + momentum · batchStat`, with the unbiased
 * variance (· M / (M - 1), M = N · spatial) as PyTorch does. Needs M ≥ 2 (the caller checks).
 */
export function batchNormForwardTraining(
  x: Float32Array,
  y: Float32Array,
  dims: BatchNormDims,
  hyper: BatchNormHyper,
  affine: BatchNormAffine,
  running: BatchNormRunning,
  saved: BatchNormSaved,
): void {
  const { batch, channels, spatial } = dims;
  const m = batch * spatial;
  const rowStride = channels * spatial;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) sum += x[base + s];
    }
    const mean = sum / m;
    let squares = 0;
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) {
        const d = x[base + s] - mean;
        squares += d * d;
      }
    }
    const biased = squares / m;
    const invStd = 1 / Math.sqrt(biased + hyper.eps);
    saved.mean[c] = mean;
    saved.invStd[c] = invStd;
    const g = affine.weight[c];
    const b = affine.bias[c];
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) y[base + s] = g * ((x[base + s] - mean) * invStd) + b;
    }
    const k = hyper.momentum;
    running.mean[c] = (1 - k) * running.mean[c] + k * mean;
    running.variance[c] = (1 - k) * running.variance[c] + (k * squares) / (m - 1);
  }
}

/** Inference forward: `y = γ · (x - runningMean) / √(runningVar + ε) + β`; nothing is updated. */
export function batchNormForwardInference(
  x: Float32Array,
  y: Float32Array,
  dims: BatchNormDims,
  hyper: BatchNormHyper,
  affine: BatchNormAffine,
  running: BatchNormRunning,
): void {
  const { batch, channels, spatial } = dims;
  const rowStride = channels * spatial;
  for (let c = 0; c < channels; c++) {
    const mean = running.mean[c];
    const scale = affine.weight[c] / Math.sqrt(running.variance[c] + hyper.eps);
    const b = affine.bias[c];
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) y[base + s] = (x[base + s] - mean) * scale + b;
    }
  }
}

/** Gradient buffers of the affine parameters; backward ADDS into them. */
export interface BatchNormGrads {
  /** dLoss/dγ, length C. */
  readonly weight: Float32Array;
  /** dLoss/dβ, length C. */
  readonly bias: Float32Array;
}

/**
 * Backward of a training forward (the batch statistics depend on `x`):
 * `dx = γ · invStd / M · (M · dy - Σdy - x̂ · Σ(dy · x̂))`; adds `Σ dy · x̂` to dγ and `Σ dy` to dβ.
 * `dx` is skipped when null (the first layer of a model).
 */
export function batchNormBackwardTraining(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dims: BatchNormDims,
  affine: BatchNormAffine,
  saved: BatchNormSaved,
  grads: BatchNormGrads,
): void {
  const { batch, channels, spatial } = dims;
  const m = batch * spatial;
  const rowStride = channels * spatial;
  for (let c = 0; c < channels; c++) {
    const mean = saved.mean[c];
    const invStd = saved.invStd[c];
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) {
        const g = dy[base + s];
        sumDy += g;
        sumDyXhat += g * (x[base + s] - mean) * invStd;
      }
    }
    grads.weight[c] += sumDyXhat;
    grads.bias[c] += sumDy;
    if (!dx) continue;
    const scale = (affine.weight[c] * invStd) / m;
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) {
        const xhat = (x[base + s] - mean) * invStd;
        dx[base + s] = scale * (m * dy[base + s] - sumDy - xhat * sumDyXhat);
      }
    }
  }
}

/**
 * Backward of an inference forward (the running statistics are constants): `dx = dy · γ / √(runningVar + ε)`;
 * adds `Σ dy · x̂` to dγ and `Σ dy` to dβ, with x̂ normalised by the running statistics.
 */
export function batchNormBackwardInference(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  dims: BatchNormDims,
  hyper: BatchNormHyper,
  affine: BatchNormAffine,
  running: BatchNormRunning,
  grads: BatchNormGrads,
): void {
  const { batch, channels, spatial } = dims;
  const rowStride = channels * spatial;
  for (let c = 0; c < channels; c++) {
    const mean = running.mean[c];
    const invStd = 1 / Math.sqrt(running.variance[c] + hyper.eps);
    const scale = affine.weight[c] * invStd;
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < batch; n++) {
      const base = n * rowStride + c * spatial;
      for (let s = 0; s < spatial; s++) {
        const g = dy[base + s];
        sumDy += g;
        sumDyXhat += g * (x[base + s] - mean) * invStd;
        if (dx) dx[base + s] = g * scale;
      }
    }
    grads.weight[c] += sumDyXhat;
    grads.bias[c] += sumDy;
  }
}
