import { readFileSync } from 'node:fs';
import { createRng, defaultRegistry, type Layer, tensor } from '@rectify/core';

/** One case of fixtures/conv.json (made by fixtures/make_fixtures.py with PyTorch in float64). */
export interface FixtureCase {
  readonly name: string;
  readonly op: 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'globalAvgPool';
  readonly options: Record<string, unknown>;
  readonly inputShape: number[];
  readonly outputShape: number[];
  readonly x: number[];
  readonly y: number[];
  readonly dy: number[];
  readonly dx: number[];
  readonly weight?: number[];
  readonly bias?: number[] | null;
  readonly dWeight?: number[];
  readonly dBias?: number[] | null;
}

/** The PyTorch cases. */
export const fixtureCases: readonly FixtureCase[] = JSON.parse(
  readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8'),
).cases;

/** Builds `layer` for a per-sample input shape with a fixed seed. */
export function build(layer: Layer, sampleShape: readonly number[]): Layer {
  layer.build(sampleShape, { rng: createRng(7), registry: defaultRegistry });
  return layer;
}

/** Runs forward (training) and backward with upstream gradient `dy`; copies of y and dx. */
export function run(layer: Layer, x: ArrayLike<number>, shape: readonly number[], dy: ArrayLike<number>) {
  const y = layer.forward(tensor(Array.from(x), [...shape]), true);
  const yCopy = Float32Array.from(y.data);
  const dx = layer.backward(tensor(Array.from(dy), [...y.shape]));
  return { y: yCopy, yShape: [...y.shape], dx: Float32Array.from(dx.data) };
}

export { maxRelError } from './max-rel-error';
