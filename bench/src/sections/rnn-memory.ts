import { Tensor, dense, sequential, sgd } from '@rectify/core';
import { addingProblem, identityInit, simpleRNN } from '@rectify/recurrent';
import { relu } from '@rectify/relu';
import type { RunOptions, RunResults } from '../context';
import { measureFlatMemory } from './memory';

const STEPS = 1000;
const UNITS = 16;
const BATCH = 8;
const BATCHES = 4;

/**
 * Flat memory over long sequences: an IRNN (16 ReLU units, identity recurrence) with a dense(1) head trained on the
 * adding problem at T = 1,000, batch 8, for 1,000 steps (200 in `--quick`), four batches in turn. Backpropagation
 * through time keeps every state of the sequence; the check is that it does so in buffers reused from step to step.
 */
export function rnnMemorySection(options: RunOptions, results: RunResults): void {
  const model = sequential({
    inputShape: [STEPS, 2],
    seed: 5,
    layers: [simpleRNN(UNITS, { activation: relu, recurrentInitializer: identityInit() }), dense(1)],
  });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 1e-4 }), clipGrad: { maxNorm: 1 } });
  const { x, y } = addingProblem({ samples: BATCH * BATCHES, length: STEPS, seed: 2 });
  const per = STEPS * 2 * BATCH;
  const xb = Array.from({ length: BATCHES }, (_, b) => new Tensor(x.data.subarray(b * per, (b + 1) * per), [BATCH, STEPS, 2]));
  const yb = Array.from({ length: BATCHES }, (_, b) => new Tensor(y.data.subarray(b * BATCH, (b + 1) * BATCH), [BATCH, 1]));
  measureFlatMemory(
    {
      subject: `ours, IRNN(${UNITS}) at T = ${STEPS}, batch ${BATCH}`,
      metric: 'rnnMemory',
      warmupSteps: 20,
      steps: options.quick ? 200 : 1000,
      step: (s) => model.trainBatch(xb[s % BATCHES], yb[s % BATCHES]),
    },
    results,
  );
  model.dispose();
}
