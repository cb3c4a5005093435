import { createRng } from '@rectify/core';
import type { LayerConformanceOptions, LayerInstance, LayerSubject } from './contract';

/** The tested batch: input `x`, upstream gradient `dy` (output-sized) and the batch size. */
export interface LayerCase {
  readonly batch: number;
  readonly x: Float32Array;
  readonly dy: Float32Array;
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Seeded inputs and upstream gradient for `subject` at `batch` (default `options.batch`). */
export function layerCase(
  subject: LayerSubject,
  instance: LayerInstance,
  options: LayerConformanceOptions,
  batch = options.batch ?? 4,
  salt = 0,
): LayerCase {
  const rng = createRng((options.seed ?? 1234) + salt);
  const scale = options.inputScale ?? 1;
  const x = Float32Array.from({ length: batch * sizeOf(subject.inputShape) }, () => scale * rng.normal());
  const dy = Float32Array.from({ length: batch * sizeOf(instance.outputShape) }, () => rng.normal());
  return { batch, x, dy };
}

/** Copies of every state buffer, by position. */
export function snapshotState(instance: LayerInstance): Float32Array[] {
  return instance.state().map((s) => Float32Array.from(s.value));
}

/** Writes a snapshot back into the instance's state buffers. */
export function restoreState(instance: LayerInstance, snapshot: readonly Float32Array[]): void {
  instance.state().forEach((s, k) => {
    s.value.set(snapshot[k]);
  });
}

/** Zeroes (or fills) every parameter gradient. */
export function fillGrads(instance: LayerInstance, value = 0): void {
  for (const p of instance.params()) p.grad.fill(value);
}

/** Up to `max` indices spread evenly over `[0, n)`. */
export function sampleIndices(n: number, max = 48): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.floor((k * n) / max));
}

/** Seed every forward of one check uses, so stochastic layers draw the same randomness each call. */
export const CALL_SEED = 77;
