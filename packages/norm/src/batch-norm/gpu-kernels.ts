// gpu.js kernel sources for BatchNorm. Activations are 2-D `[batch][channels · spatial]` (gpu.js output
// `[channels · spatial, batch]`: this.thread.y is the sample, this.thread.x the column); per-channel vectors are
// `[channels]`. Constants: batch, channels, spatial, eps, momentum. Sources are strings so no bundler rewrites them.

/** Batch mean per channel; output `[channels]`. */
export const BATCH_NORM_MEAN = `function (x) {
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    for (let k = 0; k < this.constants.spatial; k++) { s += x[n][this.thread.x * this.constants.spatial + k]; }
  }
  return s / (this.constants.batch * this.constants.spatial);
}`;

/** Biased batch variance per channel, two-pass around `mean`; output `[channels]`. */
export const BATCH_NORM_VARIANCE = `function (x, mean) {
  let s = 0;
  const m = mean[this.thread.x];
  for (let n = 0; n < this.constants.batch; n++) {
    for (let k = 0; k < this.constants.spatial; k++) {
      const d = x[n][this.thread.x * this.constants.spatial + k] - m;
      s += d * d;
    }
  }
  return s / (this.constants.batch * this.constants.spatial);
}`;

/**
 * `y = γ · (x - mean) / √(variance + ε) + β`: with the batch statistics in training, the running ones in inference;
 * output `[channels · spatial, batch]`.
 */
export const BATCH_NORM_NORMALIZE = `function (x, mean, variance, weight, bias) {
  const c = Math.floor(this.thread.x / this.constants.spatial);
  return weight[c] * (x[this.thread.y][this.thread.x] - mean[c]) / Math.sqrt(variance[c] + this.constants.eps) + bias[c];
}`;

/** `runningMean ← (1 - momentum) · runningMean + momentum · mean`; output `[channels]`. */
export const BATCH_NORM_RUNNING_MEAN = `function (running, mean) {
  return (1 - this.constants.momentum) * running[this.thread.x] + this.constants.momentum * mean[this.thread.x];
}`;

/** `runningVar ← (1 - momentum) · runningVar + momentum · variance · M / (M - 1)` (unbiased); output `[channels]`. */
export const BATCH_NORM_RUNNING_VARIANCE = `function (running, variance) {
  const m = this.constants.batch * this.constants.spatial;
  return (1 - this.constants.momentum) * running[this.thread.x] + this.constants.momentum * variance[this.thread.x] * m / (m - 1);
}`;

/** `dβ = Σ dy` per channel; output `[channels]`. */
export const BATCH_NORM_GRAD_BIAS = `function (dy) {
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    for (let k = 0; k < this.constants.spatial; k++) { s += dy[n][this.thread.x * this.constants.spatial + k]; }
  }
  return s;
}`;

/** `dγ = Σ dy · x̂` per channel, x̂ from the statistics the forward used; output `[channels]`. */
export const BATCH_NORM_GRAD_WEIGHT = `function (x, dy, mean, variance) {
  let s = 0;
  const m = mean[this.thread.x];
  const invStd = 1 / Math.sqrt(variance[this.thread.x] + this.constants.eps);
  for (let n = 0; n < this.constants.batch; n++) {
    for (let k = 0; k < this.constants.spatial; k++) {
      const j = this.thread.x * this.constants.spatial + k;
      s += dy[n][j] * (x[n][j] - m) * invStd;
    }
  }
  return s;
}`;

/**
 * Training `dx = γ · invStd / M · (M · dy - Σdy - x̂ · Σ(dy · x̂))`, given the per-channel sums `dBias` (Σdy) and
 * `dWeight` (Σ dy · x̂) of this step; output `[channels · spatial, batch]`.
 */
export const BATCH_NORM_GRAD_INPUT_TRAINING = `function (x, dy, mean, variance, weight, dBias, dWeight) {
  const c = Math.floor(this.thread.x / this.constants.spatial);
  const m = this.constants.batch * this.constants.spatial;
  const invStd = 1 / Math.sqrt(variance[c] + this.constants.eps);
  const xhat = (x[this.thread.y][this.thread.x] - mean[c]) * invStd;
  return weight[c] * invStd / m * (m * dy[this.thread.y][this.thread.x] - dBias[c] - xhat * dWeight[c]);
}`;

/** Inference `dx = dy · γ / √(runningVar + ε)`; output `[channels · spatial, batch]`. */
export const BATCH_NORM_GRAD_INPUT_INFERENCE = `function (dy, variance, weight) {
  const c = Math.floor(this.thread.x / this.constants.spatial);
  return dy[this.thread.y][this.thread.x] * weight[c] / Math.sqrt(variance[c] + this.constants.eps);
}`;
