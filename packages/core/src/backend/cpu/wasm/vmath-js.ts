/**
 * Plain-JavaScript versions of the element-wise math in `vmath-kernel.ts`, for engines without WebAssembly SIMD and
 * for short arrays. Same definitions, computed in float64 with `Math` and rounded to float32 on store.
 */

/** y[i] = exp(x[i]) */
export function jsExp(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
}

/** y[i] = expm1(x[i]) */
export function jsExpm1(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.expm1(x[i]);
}

/** y[i] = 1 / (1 + exp(−x[i])); exp(−x) overflows to +∞ for x < −709 and 1 / ∞ is exactly 0, so never NaN. */
export function jsSigmoid(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
}

/** y[i] = tanh(x[i]) */
export function jsTanh(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
}

/** y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i]) */
export function jsElu(x: Float32Array, y: Float32Array, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = v > 0 ? v : alpha * Math.expm1(v);
  }
}

/** dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i] */
export function jsEluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    dx[i] = v > 0 ? dy[i] : alpha * Math.exp(v) * dy[i];
  }
}

/** dx[i] = y[i]·(1 − y[i])·dy[i], the sigmoid derivative from its output */
export function jsSigmoidGrad(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = y[i];
    dx[i] = s * (1 - s) * dy[i];
  }
}

/** dx[i] = (1 − y[i]²)·dy[i], the tanh derivative from its output */
export function jsTanhGrad(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = y[i];
    dx[i] = (1 - t * t) * dy[i];
  }
}
