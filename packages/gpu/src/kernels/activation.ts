// Generated gpu.js kernel sources that wrap an activation plugin's element-wise functions. Arguments: the arrays,
// then h0..hN (hyper-parameters in declaration order), then l0..lM (learnable arrays, 1 value or one per channel).
import { isNaNTest } from './nan-test';

/** How a kernel finds an element's channel in a learnable array. */
export interface ChannelLayout {
  /** Elements per channel per sample (1 after a dense layer). */
  readonly inner: number;
  /** Per learnable parameter: true when shared (one value). */
  readonly shared: readonly boolean[];
}

function argList(hyper: number, learnable: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < hyper; i++) names.push(`h${i}`);
  for (let i = 0; i < learnable; i++) names.push(`l${i}`);
  return names;
}

function callArgs(hyper: number, layout: ChannelLayout, column: string): string {
  const ch = layout.inner === 1 ? column : `Math.floor(${column} / this.constants.inner)`;
  const parts: string[] = [];
  for (let i = 0; i < hyper; i++) parts.push(`h${i}`);
  layout.shared.forEach((shared, i) => {
    parts.push(shared ? `l${i}[0]` : `l${i}[${ch}]`);
  });
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

/** `y = f(x, ...)`, NaN passed through whatever the plugin's own comparisons do with it. */
export function activationForward(fn: string, hyper: number, layout: ChannelLayout): string {
  const params = ['x', ...argList(hyper, layout.shared.length)].join(', ');
  return `function (${params}) {
  const v = x[this.thread.y][this.thread.x];
  return ${isNaNTest('v')} ? v : ${fn}(v${callArgs(hyper, layout, 'this.thread.x')});
}`;
}

/** `dx = f'(x, y, dy, ...)`, NaN in x or dy passed through. */
export function activationBackward(fn: string, hyper: number, layout: ChannelLayout): string {
  const params = ['x', 'y', 'dy', ...argList(hyper, layout.shared.length)].join(', ');
  return `function (${params}) {
  const v = x[this.thread.y][this.thread.x];
  const d = dy[this.thread.y][this.thread.x];
  return ${isNaNTest('v')} ? v : (${isNaNTest('d')} ? d : ${fn}(v, y[this.thread.y][this.thread.x], d${callArgs(hyper, layout, 'this.thread.x')}));
}`;
}

/**
 * The gradient of one learnable parameter: the plugin's per-element contribution summed per channel (output
 * `[channels]`) or over everything when shared (output `[1]`).
 */
export function activationParamGrad(fn: string, hyper: number, layout: ChannelLayout, index: number): string {
  const params = ['x', 'y', 'dy', ...argList(hyper, layout.shared.length)].join(', ');
  const shared = layout.shared[index];
  // NaN in dy is passed through as in the backward kernel (the plugin may not read dy on every branch).
  const at = (col: string) =>
    `(${isNaNTest(`dy[r][${col}]`)} ? dy[r][${col}] : ${fn}(x[r][${col}], y[r][${col}], dy[r][${col}]${callArgs(hyper, layout, col)}))`;
  let loop: string;
  if (shared) {
    // One float32 running sum over rows·cols terms drifts ~150 ulps from the exact sum; partial sums of 64 columns,
    // added per row, and rows added in blocks of 64 keep every chain short (a few ulps). Plain counted loops with
    // flushes on `% 64`, because the WebGPU translator types a loop counter stepped by 64 as a float.
    loop = `let rb = 0; for (let r = 0; r < this.constants.rows; r++) { let rs = 0; let cb = 0; for (let c = 0; c < this.constants.cols; c++) { cb += ${at('c')}; if (c % 64 === 63) { rs += cb; cb = 0; } } rs += cb; rb += rs; if (r % 64 === 63) { s += rb; rb = 0; } } s += rb;`;
  } else if (layout.inner === 1) {
    loop = `for (let r = 0; r < this.constants.rows; r++) { s += ${at('this.thread.x')}; }`;
  } else {
    loop = `for (let r = 0; r < this.constants.rows; r++) { for (let i = 0; i < this.constants.inner; i++) { s += ${at('(this.thread.x * this.constants.inner + i)')}; } }`;
  }
  return `function (${params}) {
  let s = 0;
  ${loop}
  return s;
}`;
}
