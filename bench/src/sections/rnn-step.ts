import { type Tensor, dense, type LossName, type Sequential, sequential, sgd, Tensor as TensorClass } from '@rectify/core';
import { addingProblem, simpleRNN } from '@rectify/recurrent';
import { relu } from '@rectify/relu';
import type { RunOptions, RunResults } from '../context';
import { tf, useTfBackend } from '../contenders/tfjs';
import type { MnistSplit } from '../mnist-data';
import { num, ratio, table } from '../table';
import { measure, measureSync } from '../timing';

const UNITS = 128;
const BATCH = 32;
const LR = 0.01;

/** A sequence task: `[BATCH, steps, features]` inputs, `[BATCH, outputs]` targets, and the loss on both sides. */
interface SequenceTask {
  readonly key: 'adding' | 'rowMnist';
  readonly title: string;
  readonly steps: number;
  readonly features: number;
  readonly outputs: number;
  readonly x: Tensor;
  readonly y: Tensor;
  readonly loss: LossName;
  readonly tfLoss: string;
}

function tasks(data: MnistSplit): SequenceTask[] {
  const adding = addingProblem({ samples: BATCH, length: 100, seed: 1 });
  return [
    {
      key: 'adding',
      title: 'adding problem T = 100',
      steps: 100,
      features: 2,
      outputs: 1,
      ...adding,
      loss: 'mse',
      tfLoss: 'meanSquaredError',
    },
    {
      key: 'rowMnist',
      title: 'row-by-row MNIST (28 steps of 28 pixels)',
      steps: 28,
      features: 28,
      outputs: 10,
      x: new TensorClass(data.x.subarray(0, BATCH * 784), [BATCH, 28, 28]),
      y: new TensorClass(data.y.subarray(0, BATCH * 10), [BATCH, 10]),
      loss: 'softmax-cross-entropy',
      tfLoss: 'categoricalCrossentropy',
    },
  ];
}

/** Ours: simpleRNN(128) then a dense head, plain SGD; its initial weights are handed to tfjs. */
export function oursRnn(
  task: Pick<SequenceTask, 'steps' | 'features' | 'outputs' | 'loss'>,
  activation: 'tanh' | 'relu',
): Sequential {
  const model = sequential({
    inputShape: [task.steps, task.features],
    seed: 3,
    layers: [simpleRNN(UNITS, activation === 'relu' ? { activation: relu } : {}), dense(task.outputs)],
  });
  model.compile({ loss: task.loss, optimizer: sgd({ learningRate: LR }) });
  return model;
}

/** tfjs: the same network with `tf.layers.simpleRNN`, loaded with our initial weights (same layouts). */
function tfRnn(task: SequenceTask, activation: 'tanh' | 'relu', weights: Record<string, Tensor>) {
  const head = task.loss === 'mse' ? {} : { activation: 'softmax' as const };
  const model = tf.sequential({
    layers: [
      tf.layers.simpleRNN({ units: UNITS, activation, inputShape: [task.steps, task.features] }),
      tf.layers.dense({ units: task.outputs, ...head }),
    ],
  });
  model.compile({ loss: task.tfLoss, optimizer: tf.train.sgd(LR) });
  const order = ['layers.0.kernel', 'layers.0.recurrentKernel', 'layers.0.bias', 'layers.1.kernel', 'layers.1.bias'];
  model.setWeights(order.map((k) => tf.tensor(weights[k].data, [...weights[k].shape])));
  return model;
}

/**
 * One training step (forward, backpropagation through time, SGD update) of a 128-unit SimpleRNN with a dense head,
 * batch 32, tanh and ReLU, on the adding problem (T = 100) and on row-by-row MNIST, against TensorFlow.js
 * `tf.layers.simpleRNN`.
 */
export async function rnnStepSection(data: MnistSplit, options: RunOptions, results: RunResults): Promise<void> {
  const opts = options.quick
    ? { warmup: 2, minSamples: 3, minTimeMs: 0 }
    : { warmup: 5, warmupMs: 1000, minSamples: 10, minTimeMs: 2000 };
  for (const task of tasks(data)) {
    const step = table(
      `SimpleRNN(${UNITS}) + dense(${task.outputs}) training step, ${task.title}, batch ${BATCH} (ms, median; lower is better)`,
      ['activation', 'ours', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-cpu ÷ ours', 'tfjs-wasm ÷ ours'],
    );
    for (const activation of ['tanh', 'relu'] as const) {
      const ours = oursRnn(task, activation);
      const weights = ours.getWeights();
      const oursMs = measureSync(() => ours.trainBatch(task.x, task.y), opts).medianMs;
      ours.dispose();
      const tfMs: Record<string, number | undefined> = {};
      for (const backend of ['cpu', 'wasm'] as const) {
        await useTfBackend(backend);
        const tx = tf.tensor3d(task.x.data, [BATCH, task.steps, task.features]);
        const ty = tf.tensor2d(task.y.data, [BATCH, task.outputs]);
        const model = tfRnn(task, activation, weights);
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
      const prefix = task.key === 'adding' ? 'rnn' : 'rnnMnist';
      results.metrics.set(`${prefix}.${activation}.ours`, oursMs);
      if (tfMs.cpu !== undefined) results.metrics.set(`${prefix}.${activation}.tfcpu`, tfMs.cpu);
      if (tfMs.wasm !== undefined) results.metrics.set(`${prefix}.${activation}.tfwasm`, tfMs.wasm);
      step.rows.push([activation, num(oursMs), num(tfMs.cpu), num(tfMs.wasm), ratio(tfMs.cpu, oursMs), ratio(tfMs.wasm, oursMs)]);
    }
    step.notes.push(
      `ours: \`model.trainBatch\` on the CPU backend (@rectify/recurrent simpleRNN, exact BPTT); tfjs: \`model.trainOnBatch\` with tf.layers.simpleRNN. Both read the loss back; same initial weights, same batch, plain SGD, ${task.loss === 'mse' ? 'MSE' : 'softmax cross-entropy (tfjs: softmax head + categorical cross-entropy)'}.`,
    );
    results.tables.push(step);
  }
}
