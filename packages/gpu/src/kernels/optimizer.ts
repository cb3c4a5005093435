// gpu.js kernel sources for the optimizer updates, with the formulas of core's CPU optimizers
// (packages/core/src/optimizers: torch.optim.SGD / Adam / AdamW). One source per output: gpu.js kernels
// return one array, so a step with state runs one kernel per slot and one for the parameter.

/** Sources for a parameter stored 1-D (`[n]`) or 2-D (`[rows][cols]`). */
export interface OptimizerSources {
  /** `g + k·w` (L2 gradient, k = 2·l2). */
  readonly l2Grad: string;
  /** `g + k·sign(w)`, sign 0 at 0 and NaN for NaN (L1 gradient, k = l1). */
  readonly l1Grad: string;
  /** Plain SGD: `w − lr·(g + wd·w)`. */
  readonly sgd: string;
  /** Momentum buffer: `d` on the first step, else `μ·b + (1 − dampening)·d`, with `d = g + wd·w`. */
  readonly sgdBuffer: string;
  /** `w − lr·(nesterov ? d + μ·b : b)` with the new buffer `b`. */
  readonly sgdMomentum: string;
  /** `β1·m + (1 − β1)·g`, with `1 − β1` passed in (computed on the host in float64). */
  readonly adamM: string;
  /** `β2·v + (1 − β2)·g²`, with `1 − β2` passed in (computed on the host in float64). */
  readonly adamV: string;
  /** `w·shrink − stepSize·m / (√v / √(1 − β2^t) + ε)`. */
  readonly adamParam: string;
  /** `g` clamped to `[−c, c]` (torch `clip_grad_value_`). */
  readonly clipValue: string;
  /** `g · maxNorm / (√sq + 1e-6)` when that factor is below 1, else `g` (torch `clip_grad_norm_`, 2-norm). */
  readonly clipNorm: string;
}

function build(i: string): OptimizerSources {
  return {
    l2Grad: `function (g, w, k) { return g${i} + k * w${i}; }`,
    // Comparisons instead of Math.sign, which not every gpu.js target translates; NaN fails both and stays NaN.
    l1Grad: `function (g, w, k) { const v = w${i}; return g${i} + k * (v > 0 ? 1 : v < 0 ? -1 : v * 0); }`,
    sgd: `function (p, g, lr, wd) { const w = p${i}; return w - lr * (g${i} + wd * w); }`,
    sgdBuffer: `function (p, g, b, wd, mu, keep, first) {
  const d = g${i} + wd * p${i};
  return first > 0.5 ? d : mu * b${i} + keep * d;
}`,
    sgdMomentum: `function (p, g, b, lr, wd, mu, nest) {
  const w = p${i};
  const d = g${i} + wd * w;
  const bn = b${i};
  return w - lr * (nest > 0.5 ? d + mu * bn : bn);
}`,
    // 1 − β comes from the host: float32(0.999) is 0.99900001287, so 1 − β2 computed on the device is 1.3e-5 too small.
    adamM: `function (m, g, b1, ob1) { return b1 * m${i} + ob1 * g${i}; }`,
    adamV: `function (v, g, b2, ob2) { const x = g${i}; return b2 * v${i} + ob2 * x * x; }`,
    adamParam: `function (p, m, v, shrink, stepSize, sqrtBc2, eps) {
  return p${i} * shrink - (stepSize * m${i}) / (Math.sqrt(v${i}) / sqrtBc2 + eps);
}`,
    clipValue: `function (g, c) { const x = g${i}; return x > c ? c : x < -c ? -c : x; }`,
    clipNorm: `function (g, sq, maxNorm) {
  const coef = maxNorm / (Math.sqrt(sq[0]) + 0.000001);
  return coef >= 1 ? g${i} : g${i} * coef;
}`,
  };
}

/** Optimizer sources for 1-D parameters (biases, activation slopes). */
export const OPT_1D: OptimizerSources = Object.freeze(build('[this.thread.x]'));
/** Optimizer sources for 2-D parameters (dense kernels). */
export const OPT_2D: OptimizerSources = Object.freeze(build('[this.thread.y][this.thread.x]'));
