// gpu.js kernel sources for the built-in losses, with the formulas of core's CPU losses (packages/core/src/losses).
// Predictions and targets are `[rows][cols]`; gradients are dMeanLoss/dPrediction, output `[cols, rows]`;
// loss values are one number (output `[1]`).

/** MSE gradient `2 (p − t) / n` (`scale` = 2 / n). */
export const MSE_GRAD = `function (p, t, scale) {
  return scale * (p[this.thread.y][this.thread.x] - t[this.thread.y][this.thread.x]);
}`;

/** Mean squared error. */
export const MSE_VALUE = `function (p, t) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) {
    for (let c = 0; c < this.constants.cols; c++) { const d = p[r][c] - t[r][c]; s += d * d; }
  }
  return s / (this.constants.rows * this.constants.cols);
}`;

/** BCE-with-logits gradient `(σ(z) − t) / n`, σ computed from `exp(−|z|)` so nothing overflows. */
export const BCE_GRAD = `function (p, t, inv) {
  const z = p[this.thread.y][this.thread.x];
  const e = Math.exp(-Math.abs(z));
  const s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
  return (s - t[this.thread.y][this.thread.x]) * inv;
}`;

/** Mean of `max(z, 0) − z·t + log(1 + exp(−|z|))`. */
export const BCE_VALUE = `function (p, t) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) {
    for (let c = 0; c < this.constants.cols; c++) {
      const z = p[r][c];
      s += Math.max(z, 0) - z * t[r][c] + Math.log(1 + Math.exp(-Math.abs(z)));
    }
  }
  return s / (this.constants.rows * this.constants.cols);
}`;

/** Softmax cross-entropy gradient `(softmax(z)·Σt − t) / rows`. */
export const SOFTMAX_CE_GRAD = `function (p, t, invRows) {
  const r = this.thread.y;
  let m = p[r][0];
  for (let c = 1; c < this.constants.cols; c++) { m = Math.max(m, p[r][c]); }
  let se = 0;
  let st = 0;
  for (let c = 0; c < this.constants.cols; c++) { se += Math.exp(p[r][c] - m); st += t[r][c]; }
  return (Math.exp(p[r][this.thread.x] - m) * (st / se) - t[r][this.thread.x]) * invRows;
}`;

/** Mean over rows of `−Σ t · log_softmax(z)`. */
export const SOFTMAX_CE_VALUE = `function (p, t) {
  let total = 0;
  for (let r = 0; r < this.constants.rows; r++) {
    let m = p[r][0];
    for (let c = 1; c < this.constants.cols; c++) { m = Math.max(m, p[r][c]); }
    let se = 0;
    let st = 0;
    let dot = 0;
    for (let c = 0; c < this.constants.cols; c++) {
      const sh = p[r][c] - m;
      se += Math.exp(sh);
      st += t[r][c];
      dot += t[r][c] * sh;
    }
    total += Math.log(se) * st - dot;
  }
  return total / this.constants.rows;
}`;

/** `a + scale · Σ w²` over a parameter (L2 penalty added to a loss value); `a` is `[1]`. */
/** `a[0] + scale · Σ|w|` over a parameter (the L1 penalty), summed in the kernel's float32. */
export function addAbsSum(twoD: boolean): string {
  const body = twoD
    ? 'for (let r = 0; r < this.constants.rows; r++) { for (let c = 0; c < this.constants.cols; c++) { s += Math.abs(w[r][c]); } }'
    : 'for (let i = 0; i < this.constants.cols; i++) { s += Math.abs(w[i]); }';
  return `function (a, w, scale) { let s = 0; ${body} return a[0] + scale * s; }`;
}

export function addSquaredSum(twoD: boolean): string {
  const body = twoD
    ? 'for (let r = 0; r < this.constants.rows; r++) { for (let c = 0; c < this.constants.cols; c++) { s += w[r][c] * w[r][c]; } }'
    : 'for (let i = 0; i < this.constants.cols; i++) { s += w[i] * w[i]; }';
  return `function (a, w, scale) { let s = 0; ${body} return a[0] + scale * s; }`;
}
