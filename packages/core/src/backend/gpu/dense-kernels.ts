// gpu.js kernel sources for dense layers (and residual blocks); @rectify/gpu binds arguments by parameter name. Arrays are 2-D `[rows][cols]` (output `[cols, rows]`): this.thread.y is
// the row (sample), this.thread.x the column. Sources are strings so no bundler can rewrite them.

/** `y = x·W + b`: x `[rows, inputs]`, W `[inputs, units]`, b `[units]`; output `[units, rows]`. */
export const DENSE_FORWARD = `function (x, w, b) {
  let s = 0;
  for (let k = 0; k < this.constants.inputs; k++) { s += x[this.thread.y][k] * w[k][this.thread.x]; }
  return s + b[this.thread.x];
}`;

/** `y = x·W` for a dense layer without bias. */
export const DENSE_FORWARD_NO_BIAS = `function (x, w) {
  let s = 0;
  for (let k = 0; k < this.constants.inputs; k++) { s += x[this.thread.y][k] * w[k][this.thread.x]; }
  return s;
}`;

/** `dW = xᵀ·dy`: output `[units, inputs]`. */
export const DENSE_GRAD_KERNEL = `function (x, dy) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) { s += x[r][this.thread.y] * dy[r][this.thread.x]; }
  return s;
}`;

/** `db = Σ_rows dy`: output `[units]`. */
export const DENSE_GRAD_BIAS = `function (dy) {
  let s = 0;
  for (let r = 0; r < this.constants.rows; r++) { s += dy[r][this.thread.x]; }
  return s;
}`;

/** `dx = dy·Wᵀ`: output `[inputs, rows]`. */
export const DENSE_GRAD_INPUT = `function (dy, w) {
  let s = 0;
  for (let j = 0; j < this.constants.units; j++) { s += dy[this.thread.y][j] * w[this.thread.x][j]; }
  return s;
}`;

/** `a + b`, element-wise on 2-D arrays (residual blocks). */
export const ADD_2D = 'function (a, b) { return a[this.thread.y][this.thread.x] + b[this.thread.y][this.thread.x]; }';
