import { sgd, Tensor } from '@rectify/core';
import { imageBatch, oursLenet } from '../cnn/lenet';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { measureFlatMemory } from './memory';

const BATCH = 32;

/** Flat memory: 1,000 LeNet-5 training steps (200 in `--quick`) on our CPU backend, the MNIST batches in turn. */
export function cnnMemorySection(train: MnistSplit, options: RunOptions, results: RunResults): void {
  const model = oursLenet(sgd({ learningRate: 0.01, momentum: 0.9 }));
  const batches = Math.floor(train.rows / BATCH);
  const xb = Array.from({ length: batches }, (_, b) => imageBatch(train.x, b * BATCH, BATCH));
  const yb = Array.from(
    { length: batches },
    (_, b) => new Tensor(train.y.subarray(b * BATCH * 10, (b + 1) * BATCH * 10), [BATCH, 10]),
  );
  measureFlatMemory(
    {
      subject: `ours, LeNet-5, batch ${BATCH}`,
      metric: 'cnnMemory',
      warmupSteps: 100,
      steps: options.quick ? 200 : 1000,
      step: (s) => model.trainBatch(xb[s % batches], yb[s % batches]),
    },
    results,
  );
  model.dispose();
}
