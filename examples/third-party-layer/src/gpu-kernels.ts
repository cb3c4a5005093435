// gpu.js kernel sources for Maxout. Arrays are 2-D: x `[batch][inputs]`, kernel `[inputs][units · pieces]`,
// y / winner / dy `[batch][units]`. Constants: batch, inputs, units, pieces. Strings, so no bundler rewrites them.

/** `y[n][j] = max_k z[n][j·pieces + k]`; output `[units, batch]`. */
export const MAXOUT_FORWARD = `function (x, w, b) {
  let best = -3.4e38;
  for (let k = 0; k < this.constants.pieces; k++) {
    const col = this.thread.x * this.constants.pieces + k;
    let z = b[col];
    for (let i = 0; i < this.constants.inputs; i++) { z += x[this.thread.y][i] * w[i][col]; }
    if (z > best) { best = z; }
  }
  return best;
}`;

/** The winning piece (first of equals) as a float; output `[units, batch]`. */
export const MAXOUT_WINNER = `function (x, w, b) {
  let best = -3.4e38;
  let arg = 0;
  for (let k = 0; k < this.constants.pieces; k++) {
    const col = this.thread.x * this.constants.pieces + k;
    let z = b[col];
    for (let i = 0; i < this.constants.inputs; i++) { z += x[this.thread.y][i] * w[i][col]; }
    if (z > best) { best = z; arg = k; }
  }
  return arg;
}`;

/** dKernel `[i][j·pieces + k] = Σ_n x[n][i] · dy[n][j]` where piece k won; output `[units · pieces, inputs]`. */
export const MAXOUT_GRAD_KERNEL = `function (x, dy, winner) {
  const j = Math.floor(this.thread.x / this.constants.pieces);
  const k = this.thread.x - j * this.constants.pieces;
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    if (Math.abs(winner[n][j] - k) < 0.5) { s += x[n][this.thread.y] * dy[n][j]; }
  }
  return s;
}`;

/** dBias `[j·pieces + k] = Σ_n dy[n][j]` where piece k won; output `[units · pieces]`. */
export const MAXOUT_GRAD_BIAS = `function (dy, winner) {
  const j = Math.floor(this.thread.x / this.constants.pieces);
  const k = this.thread.x - j * this.constants.pieces;
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    if (Math.abs(winner[n][j] - k) < 0.5) { s += dy[n][j]; }
  }
  return s;
}`;

/** `dx[n][i] = Σ_j dy[n][j] · W[i][j·pieces + winner]`; output `[inputs, batch]`. */
export const MAXOUT_GRAD_INPUT = `function (dy, w, winner) {
  let s = 0;
  for (let j = 0; j < this.constants.units; j++) {
    s += dy[this.thread.y][j] * w[this.thread.x][j * this.constants.pieces + winner[this.thread.y][j]];
  }
  return s;
}`;
