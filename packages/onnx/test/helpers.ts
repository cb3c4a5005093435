import { createDefaultRegistry, type Registry, Rng, type Sequential, Tensor } from '@rectify/core';
import { elu } from '@rectify/elu';
import { leakyRelu } from '@rectify/leaky-relu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import * as ort from 'onnxruntime-node';

/** A registry with the built-in layers, the baseline activations and the four activation packages. */
export function fullRegistry(): Registry {
  return createDefaultRegistry()
    .registerActivation(relu)
    .registerActivation(leakyRelu)
    .registerActivation(prelu)
    .registerActivation(elu);
}

/** Overwrites every parameter (biases and slopes included) with seeded values in [-scale, scale]. */
export function randomizeParams(model: Sequential, seed: number, scale = 0.8): void {
  const rng = new Rng(seed);
  for (const { param } of model.paramRefs()) {
    for (let i = 0; i < param.value.length; i++) param.value[i] = rng.range(-scale, scale);
  }
}

/** A seeded `[rows, ...shape]` tensor with values in [-3, 3]. */
export function randomInput(rows: number, shape: readonly number[], seed: number): Tensor {
  const rng = new Rng(seed);
  const n = rows * shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.range(-3, 3);
  return new Tensor(data, [rows, ...shape]);
}

/** Runs ONNX bytes in onnxruntime-node on one input tensor and returns the named output. */
export async function runOrt(
  bytes: Uint8Array,
  x: Tensor,
  output = 'output',
  input = 'input',
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const result = await session.run({ [input]: new ort.Tensor('float32', x.data, [...x.shape]) });
    const t = result[output];
    return { data: t.data as Float32Array, dims: t.dims };
  } finally {
    await session.release();
  }
}

/** Largest |a - b| / (1 + |b|) over two arrays of equal length; Infinity when lengths differ. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/** Runs `fn` and returns what it throws; fails the test when it throws nothing. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}
