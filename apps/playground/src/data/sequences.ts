import { Tensor } from '@rectify/core';
import { addingProblem, MNIST_SIDE, rowsAsSequence } from '@rectify/recurrent';
import type { SequenceSpec } from '../state/sequence-types';
import type { Dataset } from './types';

/** A sequence data set: inputs `[N, T, F]`, targets `[N, outputs]`, and the loss the task is trained with. */
export interface SequenceData {
  readonly name: SequenceSpec['data'];
  readonly steps: number;
  readonly features: number;
  readonly outputs: number;
  readonly loss: 'mse' | 'softmax-cross-entropy';
  readonly train: { readonly x: Tensor; readonly y: Tensor };
  readonly test: { readonly x: Tensor; readonly y: Tensor };
}

/** MSE of always answering 1 on the adding problem: the variance of the sum of two uniform values, 1/6. */
export const ADDING_BASELINE = 1 / 6;

/** The adding problem of length `length`: `train` and `test` sets drawn from two seeds derived from `seed`. */
export function addingSequences(length: number, trainSamples: number, testSamples: number, seed: number): SequenceData {
  const train = addingProblem({ samples: trainSamples, length, seed: seed * 2 + 1 });
  const test = addingProblem({ samples: testSamples, length, seed: seed * 2 + 2 });
  return { name: 'adding', steps: length, features: 2, outputs: 1, loss: 'mse', train, test };
}

/** Row-by-row MNIST from the playground's MNIST set: 28 steps of 28 pixels, one-hot targets over ten digits. */
export function rowMnistSequences(mnist: Dataset): SequenceData {
  const part = (s: Dataset['train']) => ({
    x: rowsAsSequence(new Tensor(s.x, [s.n, MNIST_SIDE * MNIST_SIDE])),
    y: new Tensor(s.y, [s.n, 10]),
  });
  return {
    name: 'row-mnist',
    steps: MNIST_SIDE,
    features: MNIST_SIDE,
    outputs: 10,
    loss: 'softmax-cross-entropy',
    train: part(mnist.train),
    test: part(mnist.test),
  };
}

/** The first `rows` test sequences of `data` (copies), the probe batch of the sequence view and the experiments. */
export function probeRows(data: SequenceData, rows: number): { x: Tensor; y: Tensor } {
  const n = Math.min(rows, data.test.x.shape[0]);
  const per = data.steps * data.features;
  return {
    x: new Tensor(data.test.x.data.slice(0, n * per), [n, data.steps, data.features]),
    y: new Tensor(data.test.y.data.slice(0, n * data.outputs), [n, data.outputs]),
  };
}
