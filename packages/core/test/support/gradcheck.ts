import { expect } from 'vitest';
import { Rng } from '../../src/random';

/** Float64 copy of any numeric array. */
export function f64(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a as ArrayLike<number>);
}

/** Uniform values in [-scale, scale) from a seeded generator. */
export function randomValues(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.range(-scale, scale);
  return out;
}

/**
 * Central-difference gradient of `loss` (a float64 function of whatever `values` feeds) with respect to every
 * element of `values`, perturbed in place and restored.
 */
export function numericGrad(values: Float64Array, loss: () => number, h = 1e-5): Float64Array {
  const g = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v + h;
    const up = loss();
    values[i] = v - h;
    const down = loss();
    values[i] = v;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Float32 analytic gradient vs float64 truth: |a − n| ≤ atol + rtol·|n| element-wise. */
export function expectGradClose(
  what: string,
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  rtol = 1e-3,
  atol = 1e-4,
): void {
  expect(analytic.length, `${what}: length`).toBe(numeric.length);
  for (let i = 0; i < numeric.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
      expect.fail(`${what}[${i}]: analytic ${a} vs numeric ${n}`);
    }
  }
}

/** y[r×n] = x[r×k]·W[k×n] (+ b), in float64. */
export function denseF64(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  rows: number,
  k: number,
  n: number,
): Float64Array {
  const y = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = b ? b[j] : 0;
      for (let p = 0; p < k; p++) s += x[r * k + p] * w[p * n + j];
      y[r * n + j] = s;
    }
  }
  return y;
}

/** Σ c ⊙ y: a linear probe loss whose gradient with respect to y is c. */
export function probe(y: ArrayLike<number>, c: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * c[i];
  return s;
}
