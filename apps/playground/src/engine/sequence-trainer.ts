import { type Registry, Rng, type Sequential, Tensor, adam } from '@rectify/core';
import type { SequenceData } from '../data/sequences';
import type { SequenceSpec } from '../state/sequence-types';
import { buildSequenceModel } from './sequence-model';

/** How a {@link SequenceTrainer} trains: Adam with global-norm gradient clipping, minibatches in a seeded order. */
export interface SequenceTraining {
  readonly learningRate: number;
  readonly batchSize: number;
  /** Clip the global gradient norm to this (PyTorch's `clip_grad_norm_`), as recurrent networks need. */
  readonly clipNorm: number;
  readonly seed: number;
}

/** Adam at 0.001, batches of 32, gradients clipped to norm 1. */
export const sequenceTrainingDefaults: Omit<SequenceTraining, 'seed'> = { learningRate: 1e-3, batchSize: 32, clipNorm: 1 };

/**
 * Trains a `simpleRNN → dense` model on a sequence data set one minibatch at a time, shared by the page's sequence
 * worker and `pnpm experiment`. Each epoch visits the training rows in a new order drawn from the seed.
 */
export class SequenceTrainer {
  readonly model: Sequential;
  step = 0;
  private readonly order: Uint32Array;
  private readonly rng: Rng;
  private cursor = 0;
  private readonly xb: Float32Array;
  private readonly yb: Float32Array;

  constructor(
    readonly spec: SequenceSpec,
    readonly data: SequenceData,
    registry: Registry,
    readonly training: SequenceTraining,
  ) {
    this.model = buildSequenceModel(spec, data, registry, training.seed);
    this.model.compile({
      loss: data.loss,
      optimizer: adam({ learningRate: training.learningRate }),
      clipGrad: { maxNorm: training.clipNorm },
    });
    const n = data.train.x.shape[0];
    this.order = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    this.rng = new Rng(training.seed);
    this.rng.shuffle(this.order);
    this.xb = new Float32Array(training.batchSize * data.steps * data.features);
    this.yb = new Float32Array(training.batchSize * data.outputs);
  }

  /** One training step on the next minibatch; returns its loss. */
  trainStep(): number {
    const { x, y } = this.data.train;
    const rowX = this.data.steps * this.data.features;
    const rowY = this.data.outputs;
    const size = this.training.batchSize;
    for (let i = 0; i < size; i++) {
      if (this.cursor === this.order.length) {
        this.rng.shuffle(this.order);
        this.cursor = 0;
      }
      const r = this.order[this.cursor++];
      this.xb.set(x.data.subarray(r * rowX, (r + 1) * rowX), i * rowX);
      this.yb.set(y.data.subarray(r * rowY, (r + 1) * rowY), i * rowY);
    }
    this.step++;
    return this.model.trainBatch(
      new Tensor(this.xb, [size, this.data.steps, this.data.features]),
      new Tensor(this.yb, [size, rowY]),
    );
  }

  /** Test loss, and for row MNIST the test accuracy (NaN for the adding problem). */
  evaluateTest(): { loss: number; accuracy: number } {
    const { x, y } = this.data.test;
    const loss = this.model.evaluate(x, y).loss;
    if (this.data.loss === 'mse') return { loss, accuracy: Number.NaN };
    const guess = this.model.predictClasses(x);
    let right = 0;
    for (let n = 0; n < guess.length; n++) if (y.data[n * 10 + guess[n]] === 1) right++;
    return { loss, accuracy: right / guess.length };
  }
}
