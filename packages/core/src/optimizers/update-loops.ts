// The optimizers' updates as plain JavaScript loops: float32 values read into float64 arithmetic, each result rounded
// once to float32 on store. They are the reference the WebAssembly module (scripts/optim-wat.mjs) matches bit for
// bit, and the fallback where it does not run.

/** The scalars of one SGD update, hoisted as in `SgdOptimizer.step`. */
export interface SgdScalars {
  /** Learning rate. */
  readonly lr: number;
  /** Weight decay (0 for parameters without decay). */
  readonly wd: number;
  /** Momentum factor μ. */
  readonly mu: number;
  /** 1 − dampening. */
  readonly keep: number;
  /** Nesterov momentum. */
  readonly nesterov: boolean;
}

/** The scalars of one Adam update, hoisted as in `AdamOptimizer.step`. */
export interface AdamScalars {
  /** β1. */
  readonly b1: number;
  /** 1 − β1. */
  readonly c1: number;
  /** β2. */
  readonly b2: number;
  /** 1 − β2. */
  readonly c2: number;
  /** AdamW's decoupled decay factor 1 − lr·wd (1 for Adam and parameters without decay). */
  readonly shrink: number;
  /** lr / (1 − β1^t). */
  readonly stepSize: number;
  /** √(1 − β2^t). */
  readonly sqrtBc2: number;
  /** ε. */
  readonly eps: number;
}

/** `p = p − lr·(g + wd·p)`, element by element. */
export function sgdLoop(p: Float32Array, g: Float32Array, lr: number, wd: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) p[i] = p[i] - lr * (g[i] + wd * p[i]);
}

/**
 * The momentum update into buffer `buf`: `d = g + wd·p`; `b = d` on the parameter's first step (`first`), else
 * `b = μ·b + keep·d`; then `p = p − lr·(d + μ·b)` (Nesterov) or `p = p − lr·b`, with the unrounded b and d.
 */
export function sgdMomentumLoop(p: Float32Array, g: Float32Array, buf: Float32Array, s: SgdScalars, first: boolean): void {
  const { lr, wd, mu, keep, nesterov } = s;
  const n = p.length;
  if (first) {
    for (let i = 0; i < n; i++) {
      const d = g[i] + wd * p[i];
      buf[i] = d;
      p[i] = p[i] - lr * (nesterov ? d + mu * d : d);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = g[i] + wd * p[i];
      const b = mu * buf[i] + keep * d;
      buf[i] = b;
      p[i] = p[i] - lr * (nesterov ? d + mu * b : b);
    }
  }
}

/**
 * The Adam/AdamW update of `p` and its moments: `m ← β1·m + (1 − β1)·g`; `v ← β2·v + (1 − β2)·g·g`;
 * `p ← p·shrink − (stepSize·m) / (√v / sqrtBc2 + ε)`, with the unrounded m and v.
 */
export function adamLoop(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
  const { b1, c1, b2, c2, shrink, stepSize, sqrtBc2, eps } = s;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    const mi = b1 * m[i] + c1 * gi;
    const vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] * shrink - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
  }
}
