// Shared by the norm tests: the PyTorch fixtures, float64 references written from the textbook formulas, and float64
// central finite differences of `Σ y · dy`.
import { readFileSync } from 'node:fs';
import { createRng } from '@rectify/core';

/** One BatchNorm call recorded from PyTorch. */
export interface TorchBatchNormStep {
  readonly mode: 'train' | 'eval';
  readonly x: number[];
  readonly dy: number[];
  readonly y: number[];
  readonly dx: number[];
  readonly dWeight: number[];
  readonly dBias: number[];
  readonly runningMean: number[];
  readonly runningVar: number[];
}

/** A BatchNorm module followed through several steps in PyTorch. */
export interface TorchBatchNormCase {
  readonly name: string;
  readonly shape: number[];
  readonly eps: number;
  readonly momentum: number;
  readonly weight: number[];
  readonly bias: number[];
  readonly steps: TorchBatchNormStep[];
}

/** One LayerNorm call recorded from PyTorch. */
export interface TorchLayerNormCase {
  readonly name: string;
  readonly shape: number[];
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly weight: number[];
  readonly bias: number[];
  readonly x: number[];
  readonly dy: number[];
  readonly y: number[];
  readonly dx: number[];
  readonly dWeight: number[];
  readonly dBias: number[];
}

/** The fixtures made by `fixtures/make-fixtures.py`. */
export const torchFixtures = JSON.parse(readFileSync(new URL('../fixtures/torch-norm.json', import.meta.url), 'utf8')) as {
  torch: string;
  batchNorm: TorchBatchNormCase[];
  layerNorm: TorchLayerNormCase[];
};

/** Float32-tolerance comparison against a float64 truth; returns the first mismatch or undefined. */
export function mismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 2e-5, atol = 2e-6) {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rtol * Math.max(Math.abs(expected[i]), scale * 1e-2) + atol)) {
      return `at ${i}: ${actual[i]} vs ${expected[i]}`;
    }
  }
  return undefined;
}

/** Seeded normal values rounded to float32. */
export function normals(seed: number, n: number, scale = 1, shift = 0): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.normal() + shift);
}

/**
 * Float64 reference BatchNorm over `[batch, channels, spatial]` with the given statistics source: `batch` computes
 * them from `x` (training), otherwise the fixed `running` ones are used (inference).
 */
export function referenceBatchNorm(
  x: ArrayLike<number>,
  [batch, channels, spatial]: readonly [number, number, number],
  eps: number,
  weight: ArrayLike<number>,
  bias: ArrayLike<number>,
  running?: { mean: ArrayLike<number>; variance: ArrayLike<number> },
): Float64Array {
  const y = new Float64Array(x.length);
  const at = (n: number, c: number, s: number) => (n * channels + c) * spatial + s;
  for (let c = 0; c < channels; c++) {
    const values: number[] = [];
    for (let n = 0; n < batch; n++) for (let s = 0; s < spatial; s++) values.push(x[at(n, c, s)]);
    const mean = running ? running.mean[c] : values.reduce((a, b) => a + b, 0) / values.length;
    const variance = running ? running.variance[c] : values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
    for (let n = 0; n < batch; n++) {
      for (let s = 0; s < spatial; s++) {
        y[at(n, c, s)] = (weight[c] * (x[at(n, c, s)] - mean)) / Math.sqrt(variance + eps) + bias[c];
      }
    }
  }
  return y;
}

/** Float64 reference LayerNorm over the trailing `features` of `[rows, features]`. */
export function referenceLayerNorm(
  x: ArrayLike<number>,
  [rows, features]: readonly [number, number],
  eps: number,
  weight: ArrayLike<number>,
  bias: ArrayLike<number>,
): Float64Array {
  const y = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: features }, (_, j) => x[r * features + j]);
    const mean = row.reduce((a, b) => a + b, 0) / features;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / features;
    for (let j = 0; j < features; j++) y[r * features + j] = (weight[j] * (row[j] - mean)) / Math.sqrt(variance + eps) + bias[j];
  }
  return y;
}

/**
 * Float64 central finite differences of `L(v) = Σ f(v) · dy` with respect to each entry of `v` (a copy is
 * perturbed, `v` itself is left alone).
 */
export function finiteDifferenceGradient(
  f: (v: Float64Array) => Float64Array,
  v: ArrayLike<number>,
  dy: ArrayLike<number>,
): Float64Array {
  const probe = Float64Array.from(v);
  const grad = new Float64Array(probe.length);
  const loss = () => f(probe).reduce((a, y, i) => a + y * dy[i], 0);
  for (let i = 0; i < probe.length; i++) {
    const h = 2 ** -17 * Math.max(1, Math.abs(probe[i]));
    const keep = probe[i];
    probe[i] = keep + h;
    const up = loss();
    probe[i] = keep - h;
    const down = loss();
    probe[i] = keep;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
