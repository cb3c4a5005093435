import { readFileSync } from 'node:fs';
import {
  type ActivationPlugin,
  activation,
  type Backend,
  createRng,
  dense,
  defaultRegistry,
  type Layer,
  type Sequential,
  sequential,
  sgd,
  tensor,
} from '@rectify/core';
import { conv2d, flatten, maxPool2d } from '../src';

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

/**
 * LeNet-5 on 1×28×28 images (conv 6@5×5 padded, pool, conv 16@5×5, pool, dense 10) with `act` after each
 * convolution, compiled for softmax cross-entropy and SGD (learning rate 0.05) on `backend`.
 */
export function lenet(act: ActivationPlugin, seed: number, backend: Backend): Sequential {
  const model = sequential({
    inputShape: [1, 28, 28],
    seed,
    layers: [
      conv2d(6, 5, { padding: 2 }),
      activation(act),
      maxPool2d(2),
      conv2d(16, 5),
      activation(act),
      maxPool2d(2),
      flatten(),
      dense(10),
    ],
  });
  model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.05 }), backend });
  return model;
}

export { maxRelError } from './max-rel-error';
