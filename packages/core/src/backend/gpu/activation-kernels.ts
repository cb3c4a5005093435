// Generated gpu.js kernel sources that wrap an activation plugin's element-wise functions. The kernels' parameters
// are the arrays (x, y, dy), then one per hyper-parameter (`h_<name>`) and one per learnable array (`l_<name>`, 1
// value or one per channel): @rectify/gpu binds arguments to them by name. The plugin's own function is called
// with its arguments in the order the activation contract defines (hyper-parameters in declaration order, then
// learnable values).
import { gpuIsNaNTest as isNaNTest } from './nan-test';

/** The wrapped activation: the gpu.js name of its function and how its arguments are laid out. */
export interface ActivationKernelLayout {
  /** Hyper-parameter names, in the plugin's declaration order. */
  readonly hyper: readonly string[];
  /** Learnable parameter names, in declaration order, with whether each is shared (one value). */
  readonly learnable: readonly { readonly name: string; readonly shared: boolean }[];
  /** Elements per channel per sample (1 after a dense layer). */
  readonly inner: number;
}

/** The kernel parameter bound to hyper-parameter `name`. */
export const hyperArg = (name: string): string => `h_${name}`;
/** The kernel parameter bound to learnable array `name`. */
export const learnableArg = (name: string): string => `l_${name}`;

function params(arrays: readonly string[], layout: ActivationKernelLayout): string {
  return [...arrays, ...layout.hyper.map(hyperArg), ...layout.learnable.map((l) => learnableArg(l.name))].join(', ');
}

function callArgs(layout: ActivationKernelLayout, column: string): string {
  const ch = layout.inner === 1 ? column : `Math.floor(${column} / this.constants.inner)`;
  const parts = [
    ...layout.hyper.map(hyperArg),
    ...layout.learnable.map((l) => (l.shared ? `${learnableArg(l.name)}[0]` : `${learnableArg(l.name)}[${ch}]`)),
  ];
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

/** `y = f(x, ...)`, NaN passed through whatever the plugin's own comparisons do with it. */
export function activationForward(fn: string, layout: ActivationKernelLayout): string {
  return `function (${params(['x'], layout)}) {
  const v = x[this.thread.y][this.thread.x];
  return ${isNaNTest('v')} ? v : ${fn}(v${callArgs(layout, 'this.thread.x')});
}`;
}

/** `dx = f'(x, y, dy, ...)`, NaN in x or dy passed through. */
export function activationBackward(fn: string, layout: ActivationKernelLayout): string {
  return `function (${params(['x', 'y', 'dy'], layout)}) {
  const v = x[this.thread.y][this.thread.x];
  const d = dy[this.thread.y][this.thread.x];
  return ${isNaNTest('v')} ? v : (${isNaNTest('d')} ? d : ${fn}(v, y[this.thread.y][this.thread.x], d${callArgs(layout, 'this.thread.x')}));
}`;
}

/**
 * The gradient of learnable parameter `index`: the plugin's per-element contribution summed per channel (output
 * `[channels]`) or over everything when shared (output `[1]`).
 */
export function activationParamGrad(fn: string, layout: ActivationKernelLayout, index: number): string {
  const shared = layout.learnable[index].shared;
  // NaN in dy is passed through as in the backward kernel (the plugin may not read dy on every branch).
  const at = (col: string) =>
    `(${isNaNTest(`dy[r][${col}]`)} ? dy[r][${col}] : ${fn}(x[r][${col}], y[r][${col}], dy[r][${col}]${callArgs(layout, col)}))`;
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
  return `function (${params(['x', 'y', 'dy'], layout)}) {
  let s = 0;
  ${loop}
  return s;
}`;
}
