// gpu.js kernel sources for LayerNorm. Activations are 2-D `[rows][features]` (gpu.js output `[features, rows]`);
// per-row vectors are `[rows]`, per-feature ones `[features]`. Constants: rows, features, eps.

/** Row mean; output `[rows]`. */
export const LAYER_NORM_MEAN = `function (x) {
  let s = 0;
  for (let j = 0; j < this.constants.features; j++) { s += x[this.thread.x][j]; }
  return s / this.constants.features;
}`;

/** Biased row variance, two-pass around `mean`; output `[rows]`. */
export const LAYER_NORM_VARIANCE = `function (x, mean) {
  let s = 0;
  for (let j = 0; j < this.constants.features; j++) {
    const d = x[this.thread.x][j] - mean[this.thread.x];
    s += d * d;
  }
  return s / this.constants.features;
}`;

/** `y = γ · (x - μ_row) / √(σ²_row + ε) + β`; output `[features, rows]`. */
export const LAYER_NORM_NORMALIZE = `function (x, mean, variance, weight, bias) {
  const r = this.thread.y;
  return weight[this.thread.x] * (x[r][this.thread.x] - mean[r]) / Math.sqrt(variance[r] + this.constants.eps) + bias[this.thread.x];
}`;

/** `dγ = Σ_rows dy · x̂`; output `[features]`. */
export const LAYER_NORM_GRAD_WEIGHT = `function (x, dy, mean, variance) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) {
    s += dy[r][this.thread.x] * (x[r][this.thread.x] - mean[r]) / Math.sqrt(variance[r] + this.constants.eps);
  }
  return s;
}`;

/** `dβ = Σ_rows dy`; output `[features]`. */
export const LAYER_NORM_GRAD_BIAS = `function (dy) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) { s += dy[r][this.thread.x]; }
  return s;
}`;

/** `Σ_j dy · γ` per row; output `[rows]`. */
export const LAYER_NORM_ROW_SUM_G = `function (dy, weight) {
  let s = 0;
  for (let j = 0; j < this.constants.features; j++) { s += dy[this.thread.x][j] * weight[j]; }
  return s;
}`;

/** `Σ_j dy · γ · x̂` per row; output `[rows]`. */
export const LAYER_NORM_ROW_SUM_G_XHAT = `function (x, dy, mean, variance, weight) {
  let s = 0;
  const r = this.thread.x;
  const invStd = 1 / Math.sqrt(variance[r] + this.constants.eps);
  for (let j = 0; j < this.constants.features; j++) { s += dy[r][j] * weight[j] * (x[r][j] - mean[r]) * invStd; }
  return s;
}`;

/** `dx = invStd / D · (D · dy · γ - Σg - x̂ · Σ(g · x̂))` from the row sums; output `[features, rows]`. */
export const LAYER_NORM_GRAD_INPUT = `function (x, dy, mean, variance, weight, sumG, sumGXhat) {
  const r = this.thread.y;
  const j = this.thread.x;
  const d = this.constants.features;
  const invStd = 1 / Math.sqrt(variance[r] + this.constants.eps);
  const xhat = (x[r][j] - mean[r]) * invStd;
  return invStd / d * (d * dy[r][j] * weight[j] - sumG[r] - xhat * sumGXhat[r]);
}`;
