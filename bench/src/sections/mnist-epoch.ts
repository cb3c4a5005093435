import type { RunOptions, RunResults } from '../context';
import { tf, useTfBackend } from '../contenders/tfjs';
import { accuracy, median } from '../epoch-stats';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { TfMlp } from '../mlp/tfjs';
import { BATCH, initialWeights, LEARNING_RATE, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { num, ratio, table } from '../table';

/**
 * Section 4: epochs over the MNIST training digits in a fixed order (batch 128, plain SGD, shared initial
 * weights) with the ReLU MLP, the median epoch time, and the test accuracy after the last epoch.
 */
export async function mnistSection(
  act: BenchActivation,
  train: MnistSplit,
  test: MnistSplit,
  options: RunOptions,
  results: RunResults,
): Promise<void> {
  const weights = initialWeights();
  const epochs = options.epochs;
  const batches = Math.ceil(train.rows / BATCH);
  const t = table(
    `MNIST: ${act.name} MLP, ${train.rows} training digits (${batches} steps of ${BATCH}), test accuracy on ${test.rows} after ${epochs} epochs`,
    ['contender', 'epoch (s, median)', 'test accuracy', 'it ÷ ours (epoch time)'],
  );
  const rows: [string, number, number][] = [];

  const model = oursMlp(act, weights);
  const xb = Array.from({ length: batches }, (_, b) =>
    rowsTensor(train.x, MLP_SIZES[0], b * BATCH, Math.min(BATCH, train.rows - b * BATCH)),
  );
  const yb = Array.from({ length: batches }, (_, b) =>
    rowsTensor(train.y, 10, b * BATCH, Math.min(BATCH, train.rows - b * BATCH)),
  );
  const times: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) model.trainBatch(xb[b], yb[b]);
    times.push(performance.now() - t0);
  }
  const oursAcc = accuracy(model.predict(rowsTensor(test.x, MLP_SIZES[0], 0, test.rows)).data, test.labels);
  model.dispose();
  rows.push(['ours (cpu)', median(times), oursAcc]);

  for (const backend of ['wasm', 'cpu'] as const) {
    await useTfBackend(backend);
    const net = new TfMlp(act, weights);
    const txb = xb.map((x) => tf.tensor2d(x.data, [x.shape[0], MLP_SIZES[0]]));
    const tyb = yb.map((y) => tf.tensor2d(y.data, [y.shape[0], 10]));
    const ttimes: number[] = [];
    for (let e = 0; e < epochs; e++) {
      const t0 = performance.now();
      for (let b = 0; b < batches; b++) net.trainStep(txb[b], tyb[b]);
      ttimes.push(performance.now() - t0);
    }
    const tx = tf.tensor2d(test.x, [test.rows, MLP_SIZES[0]]);
    rows.push([`tfjs-${backend}`, median(ttimes), accuracy(net.predict(tx), test.labels)]);
    tx.dispose();
    for (const a of [...txb, ...tyb]) a.dispose();
    net.dispose();
  }
  const oursMs = rows[0][1];
  for (const [who, ms, acc] of rows) {
    results.metrics.set(`mnist.epoch.${who}`, ms);
    results.metrics.set(`mnist.acc.${who}`, acc);
    t.rows.push([who, num(ms / 1000), `${(acc * 100).toFixed(2)} %`, who.startsWith('ours') ? '' : ratio(ms, oursMs)]);
  }
  t.notes.push(
    `Same initial weights, same batch order (no shuffling), SGD learning rate ${LEARNING_RATE}, so the accuracies should agree to within float32 rounding of the training trajectory.`,
  );
  results.tables.push(t);
}
