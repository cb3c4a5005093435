import { type Tensor, dense, sequential, sgd } from '@rectify/core';
import { addingProblem, simpleRNN } from '@rectify/recurrent';
import { relu } from '@rectify/relu';
import type { RunOptions, RunResults } from '../context';
import { tf, useTfBackend } from '../contenders/tfjs';
import { num, ratio, table } from '../table';
import { measure, measureSync } from '../timing';

const UNITS = 128;
const STEPS = 100;
const BATCH = 32;
const LR = 0.01;

/** Ours: simpleRNN(128) then dense(1), MSE, plain SGD; its initial weights are handed to tfjs. */
function oursRnn(activation: 'tanh' | 'relu') {
  const model = sequential({
    inputShape: [STEPS, 2],
    seed: 3,
    layers: [simpleRNN(UNITS, activation === 'relu' ? { activation: relu } : {}), dense(1)],
  });
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: LR }) });
  return model;
}

/** tfjs: the same network with `tf.layers.simpleRNN`, loaded with our initial weights (same layouts). */
function tfRnn(activation: 'tanh' | 'relu', weights: Record<string, Tensor>) {
  const model = tf.sequential({
    layers: [tf.layers.simpleRNN({ units: UNITS, activation, inputShape: [STEPS, 2] }), tf.layers.dense({ units: 1 })],
  });
  model.compile({ loss: 'meanSquaredError', optimizer: tf.train.sgd(LR) });
  const order = ['layers.0.kernel', 'layers.0.recurrentKernel', 'layers.0.bias', 'layers.1.kernel', 'layers.1.bias'];
  model.setWeights(order.map((k) => tf.tensor(weights[k].data, [...weights[k].shape])));
  return model;
}

/**
 * One training step (forward, backpropagation through time, SGD update) of a 128-unit SimpleRNN with a dense(1)
 * head on the adding problem, T = 100, batch 32, tanh and ReLU, against TensorFlow.js `tf.layers.simpleRNN`.
 */
export async function rnnStepSection(options: RunOptions, results: RunResults): Promise<void> {
  const { x, y } = addingProblem({ samples: BATCH, length: STEPS, seed: 1 });
  const step = table(
    `SimpleRNN(${UNITS}) + dense(1) training step, adding problem T = ${STEPS}, batch ${BATCH} (ms, median; lower is better)`,
    ['activation', 'ours', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-cpu ÷ ours', 'tfjs-wasm ÷ ours'],
  );
  const opts = options.quick
    ? { warmup: 2, minSamples: 3, minTimeMs: 0 }
    : { warmup: 5, warmupMs: 1000, minSamples: 10, minTimeMs: 2000 };
  for (const activation of ['tanh', 'relu'] as const) {
    const ours = oursRnn(activation);
    const weights = ours.getWeights();
    const oursMs = measureSync(() => ours.trainBatch(x, y), opts).medianMs;
    ours.dispose();
    const tfMs: Record<string, number | undefined> = {};
    for (const backend of ['cpu', 'wasm'] as const) {
      await useTfBackend(backend);
      const tx = tf.tensor3d(x.data, [BATCH, STEPS, 2]);
      const ty = tf.tensor2d(y.data, [BATCH, 1]);
      const model = tfRnn(activation, weights);
      try {
        tfMs[backend] = (await measure(() => model.trainOnBatch(tx, ty), opts)).medianMs;
      } catch (e) {
        step.notes.push(`tfjs-${backend} ${activation}: ${(e as Error).message.split('\n')[0]}`);
      } finally {
        model.dispose();
        tx.dispose();
        ty.dispose();
      }
    }
    results.metrics.set(`rnn.${activation}.ours`, oursMs);
    if (tfMs.cpu !== undefined) results.metrics.set(`rnn.${activation}.tfcpu`, tfMs.cpu);
    if (tfMs.wasm !== undefined) results.metrics.set(`rnn.${activation}.tfwasm`, tfMs.wasm);
    step.rows.push([activation, num(oursMs), num(tfMs.cpu), num(tfMs.wasm), ratio(tfMs.cpu, oursMs), ratio(tfMs.wasm, oursMs)]);
  }
  step.notes.push(
    'ours: `model.trainBatch` on the CPU backend (@rectify/recurrent simpleRNN, exact BPTT); tfjs: `model.trainOnBatch` with tf.layers.simpleRNN. Both read the loss back; same initial weights, same batch, plain SGD, MSE.',
  );
  results.tables.push(step);
}
