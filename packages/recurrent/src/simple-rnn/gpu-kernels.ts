// gpu.js kernel sources for SimpleRNN, one kernel launch per time step. Batched arrays are 2-D `[batch][cols]` (gpu.js
// output `[cols, batch]`: this.thread.y is the sample): the input `x` `[batch][T · F]`, per-step states and their
// gradients `[batch][H]`, a whole sequence `[batch][T · H]`; `kernel` is `w[f][j]`, `recurrentKernel` `u[i][j]`.
// Constants by name: T (steps), F (features), H (units), batch. The step `t` is a kernel argument (a float uniform
// holding a whole number), so one compiled kernel serves every step. Reads that a select may evaluate on either side
// (WGSL compiles `?:` to `select`, which evaluates both) use clamped indices. Sources are strings so no bundler
// rewrites them.
import { gpuIsNaNTest } from '@rectify/core';

/** How the cell's activation is called in a kernel: its gpu.js function names and hyper-parameter arguments. */
export interface CellActivation {
  /** gpu.js name of the plugin's forward function `f(x, ...hyper)`. */
  readonly forward: string;
  /** gpu.js name of the plugin's backward function `f'(x, y, dy, ...hyper)`. */
  readonly backward: string;
  /** Kernel parameters bound to the hyper-parameters, in the plugin's declaration order (`h_negativeSlope`). */
  readonly hyperArgs: readonly string[];
}

const params = (names: readonly string[], act?: CellActivation): string => [...names, ...(act ? act.hyperArgs : [])].join(', ');
const hyperTail = (act: CellActivation): string => act.hyperArgs.map((h) => `, ${h}`).join('');

/** The input side of a step, `x_t·W_ih + b`, then the recurrent side when there is a previous state. */
function preActivation(recurrent: boolean): string {
  return `
  const j = this.thread.x;
  let s = 0;
  for (let f = 0; f < this.constants.F; f++) { s += x[this.thread.y][t * this.constants.F + f] * w[f][j]; }
  let z = s + b[j];${
    recurrent
      ? `
  let r = 0;
  for (let i = 0; i < this.constants.H; i++) { r += h[this.thread.y][i] * u[i][j]; }
  z += r;`
      : ''
  }
  return z;`;
}

/** `z_0 = x_0·W_ih + b` (the initial state is zero); output `[H, batch]`. */
export const RNN_Z_FIRST = `function (x, w, b, t) {${preActivation(false)}
}`;

/** `z_t = x_t·W_ih + b + h_{t−1}·W_hh`; output `[H, batch]`. */
export const RNN_Z_STEP = `function (x, w, b, h, u, t) {${preActivation(true)}
}`;

/** `h = f(z)` element-wise, NaN passed through as core's activation kernels do; output `[H, batch]`. */
export function rnnActivate(act: CellActivation): string {
  return `function (${params(['z'], act)}) {
  const v = z[this.thread.y][this.thread.x];
  return ${gpuIsNaNTest('v')} ? v : ${act.forward}(v${hyperTail(act)});
}`;
}

/** The first state of a sequence output: `h_0` in block 0, zeros after; output `[T · H, batch]`. */
export const RNN_SEQUENCE_FIRST = `function (h) {
  const c = this.thread.x;
  const v = h[this.thread.y][Math.min(c, this.constants.H - 1)];
  return c < this.constants.H ? v : 0;
}`;

/** The sequence so far with `h_t` written into block `t`; output `[T · H, batch]`. */
export const RNN_SEQUENCE_PUT = `function (seq, h, t) {
  const c = this.thread.x;
  const k = Math.min(Math.max(c - t * this.constants.H, 0), this.constants.H - 1);
  const v = h[this.thread.y][k];
  const old = seq[this.thread.y][c];
  return Math.floor(c / this.constants.H) === t ? v : old;
}`;

/**
 * `dz_t = f'(z_t, h_t, dh_t)` for `dh_t` = (`dy`'s block `t` when the layer outputs the sequence, `dy` itself at the
 * last step when it outputs the last state) + `dz_{t+1}·W_hhᵀ` (but at the last step). NaN in z or dh passes through
 * as in core's activation kernels; output `[H, batch]`.
 */
export function rnnStateGrad(act: CellActivation, sequences: boolean, last: boolean): string {
  const fromOutput = sequences ? 'dy[this.thread.y][t * this.constants.H + j]' : last ? 'dy[this.thread.y][j]' : '';
  const names = ['z', 'h', ...(fromOutput ? ['dy'] : []), ...(last ? [] : ['dzNext', 'u']), ...(sequences ? ['t'] : [])];
  const terms: string[] = [];
  if (!last) {
    terms.push(`let r = 0;
  for (let k = 0; k < this.constants.H; k++) { r += dzNext[this.thread.y][k] * u[j][k]; }`);
  }
  const dh = last ? fromOutput : fromOutput ? `r + ${fromOutput}` : 'r';
  return `function (${params(names, act)}) {
  const j = this.thread.x;
  ${terms.join('\n  ')}
  const d = ${dh};
  const v = z[this.thread.y][j];
  return ${gpuIsNaNTest('v')} ? v : (${gpuIsNaNTest('d')} ? d : ${act.backward}(v, h[this.thread.y][j], d${hyperTail(act)}));
}`;
}

/**
 * `Σ_batch a[n][i]·dz[n][j]` for a left operand `a` read as `left` (an expression of `n` and `this.thread.y`, the
 * row `i`), plus the running sum `acc` when accumulating; output `[H, rows of a]`, read as `[i][j]`.
 */
function outerSum(args: string, left: string, accumulate: boolean): string {
  return `function (${accumulate ? 'acc, ' : ''}${args}) {
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) { s += ${left} * dz[n][this.thread.x]; }
  return ${accumulate ? 'acc[this.thread.y][this.thread.x] + s' : 's'};
}`;
}

const INPUT_ROW = 'x[n][t * this.constants.F + this.thread.y]';

/** `dW_ih` of step `t`, `x_tᵀ·dz_t`; output `[H, F]`. */
export const RNN_GRAD_KERNEL_FIRST = outerSum('x, dz, t', INPUT_ROW, false);
/** `dW_ih` summed so far plus step `t`'s. */
export const RNN_GRAD_KERNEL_STEP = outerSum('x, dz, t', INPUT_ROW, true);
/** `dW_hh` of step `t`, `h_{t−1}ᵀ·dz_t`; output `[H, H]`. */
export const RNN_GRAD_RECURRENT_FIRST = outerSum('h, dz', 'h[n][this.thread.y]', false);
/** `dW_hh` summed so far plus step `t`'s. */
export const RNN_GRAD_RECURRENT_STEP = outerSum('h, dz', 'h[n][this.thread.y]', true);

/** `dW_hh` of a one-step sequence (there is no previous state): zeros; output `[H, H]`. */
export const RNN_ZEROS = 'function () { return 0; }';

/** `db` of step `t`, `Σ_batch dz_t`; output `[H]`. */
export const RNN_GRAD_BIAS_FIRST = `function (dz) {
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) { s += dz[n][this.thread.x]; }
  return s;
}`;

/** `db` summed so far plus step `t`'s. */
export const RNN_GRAD_BIAS_STEP = `function (acc, dz) {
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) { s += dz[n][this.thread.x]; }
  return acc[this.thread.x] + s;
}`;

const INPUT_GRAD = `
  const c = this.thread.x;
  let s = 0;
  if (Math.floor(c / this.constants.F) === t) {
    const f = c - t * this.constants.F;
    for (let j = 0; j < this.constants.H; j++) { s += dz[this.thread.y][j] * w[f][j]; }
  }`;

/** dLoss/dx with block `t` (`dz_t·W_ihᵀ`) filled in and zeros elsewhere; output `[T · F, batch]`. */
export const RNN_GRAD_INPUT_FIRST = `function (dz, w, t) {${INPUT_GRAD}
  return s;
}`;

/** dLoss/dx so far with block `t` filled in; output `[T · F, batch]`. */
export const RNN_GRAD_INPUT_STEP = `function (dx, dz, w, t) {${INPUT_GRAD}
  const old = dx[this.thread.y][c];
  return Math.floor(c / this.constants.F) === t ? s : old;
}`;
