import { sgd, Tensor } from '@rectify/core';
import { imageBatch, oursLenet, TfLenet } from '../cnn/lenet';
import { tf, useTfBackend } from '../contenders/tfjs';
import type { RunOptions, RunResults } from '../context';
import { accuracy, median } from '../epoch-stats';
import type { MnistSplit } from '../mnist-data';
import { num, ratio, table } from '../table';

/** The hyper-parameters every contender trains with. */
const BATCH = 32;
const LEARNING_RATE = 0.01;
const MOMENTUM = 0.9;
/** Epochs before the test accuracy is read: LeNet-5 passes 97 % on these 2,000 test digits after 4 to 5. */
const EPOCHS = 5;
/** tfjs-cpu's steps actually run: its filter gradient takes seconds per step, so a whole epoch would take minutes. */
const TF_CPU_STEPS = 6;

/**
 * Section: LeNet-5 trained over the MNIST training digits in a fixed batch order, SGD with momentum, for `EPOCHS`
 * epochs (1 in `--quick`), with the median epoch time and the test accuracy after the last epoch. Every contender
 * gets the same hyper-parameters; tfjs-cpu is timed on its first steps only, tfjs-wasm cannot train (no kernel).
 */
export async function cnnMnistSection(
  train: MnistSplit,
  test: MnistSplit,
  options: RunOptions,
  results: RunResults,
): Promise<void> {
  const epochs = options.quick ? 1 : EPOCHS;
  const batches = Math.ceil(train.rows / BATCH);
  const rowsOf = (b: number) => Math.min(BATCH, train.rows - b * BATCH);
  const t = table(
    `MNIST: LeNet-5, ${train.rows} training digits (${batches} steps of ${BATCH}), test accuracy on ${test.rows} after ${epochs} epochs`,
    ['contender', 'epoch (s, median)', 'test accuracy', 'it ÷ ours (epoch time)'],
  );

  const model = oursLenet(sgd({ learningRate: LEARNING_RATE, momentum: MOMENTUM }));
  const xb = Array.from({ length: batches }, (_, b) => imageBatch(train.x, b * BATCH, rowsOf(b)));
  const yb = Array.from(
    { length: batches },
    (_, b) => new Tensor(train.y.subarray(b * BATCH * 10, (b * BATCH + rowsOf(b)) * 10), [rowsOf(b), 10]),
  );
  const times: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) model.trainBatch(xb[b], yb[b]);
    times.push(performance.now() - t0);
  }
  const oursMs = median(times);
  const oursAcc = accuracy(model.predict(imageBatch(test.x, 0, test.rows)).data, test.labels);
  model.dispose();
  results.metrics.set('cnnMnist.epoch.ours', oursMs);
  results.metrics.set('cnnMnist.acc.ours', oursAcc);
  results.metrics.set('cnnMnist.epochs', epochs);
  t.rows.push(['ours (cpu)', num(oursMs / 1000), `${(oursAcc * 100).toFixed(2)} %`, '']);

  for (const backend of ['cpu', 'wasm'] as const) {
    await useTfBackend(backend);
    const net = new TfLenet(tf.train.momentum(LEARNING_RATE, MOMENTUM));
    const steps = backend === 'cpu' ? Math.min(TF_CPU_STEPS, batches) : 1;
    const txb = xb.slice(0, steps).map((x) => tf.tensor4d(x.data, [x.shape[0], 28, 28, 1]));
    const tyb = yb.slice(0, steps).map((y) => tf.tensor2d(y.data, [y.shape[0], 10]));
    try {
      net.trainStep(txb[0], tyb[0]);
      const t0 = performance.now();
      for (let b = 1; b < steps; b++) net.trainStep(txb[b], tyb[b]);
      const epochMs = ((performance.now() - t0) / (steps - 1)) * batches;
      results.metrics.set(`cnnMnist.epoch.tfjs-${backend}`, epochMs);
      t.rows.push([`tfjs-${backend}`, `≈ ${num(epochMs / 1000)}`, 'not run', ratio(epochMs, oursMs)]);
      t.notes.push(
        `tfjs-${backend}: epoch time extrapolated from ${steps - 1} timed steps (after one untimed) to ${batches}; the ${epochs} epochs for its accuracy would take about ${Math.round((epochMs * epochs) / 60000)} min (its Conv2DBackpropFilter kernel takes seconds per step), too long for \`pnpm bench\`.`,
      );
    } catch (e) {
      t.rows.push([`tfjs-${backend}`, 'n/a', 'n/a', 'n/a']);
      t.notes.push(`tfjs-${backend} cannot train this network: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const a of [...txb, ...tyb]) a.dispose();
    net.dispose();
  }
  t.notes.push(
    `Same hyper-parameters for every contender: batch ${BATCH} in a fixed order (no shuffling), SGD learning rate ${LEARNING_RATE} with momentum ${MOMENTUM} (PyTorch's and tf.train.momentum's form), softmax cross-entropy; ours starts from conv2d's and dense's default initialisation with seed 1.`,
  );
  results.tables.push(t);
}
