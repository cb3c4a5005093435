import { conv2d, flatten, maxPool2d } from '@rectify/conv';
import { activation, dense, sequential, sgd, Tensor } from '@rectify/core';
import { relu } from '@rectify/relu';
import { tf, useTfBackend } from '../contenders/tfjs';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { num, ratio, table } from '../table';
import { measureSync } from '../timing';

const BATCH = 32;
const LEARNING_RATE = 0.01;

/** LeNet-5 (ReLU, max pooling) on our CPU backend, NCHW. */
function oursLenet() {
  const model = sequential({
    inputShape: [1, 28, 28],
    seed: 1,
    layers: [
      conv2d(6, 5, { padding: 2 }),
      activation(relu),
      maxPool2d(2),
      conv2d(16, 5),
      activation(relu),
      maxPool2d(2),
      flatten(),
      dense(120),
      activation(relu),
      dense(84),
      activation(relu),
      dense(10),
    ],
  });
  model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: LEARNING_RATE }) });
  return model;
}

/** The same network in TensorFlow.js ops, NHWC (its CPU and wasm kernels' layout), plain SGD. */
class TfLenet {
  private readonly vars = [
    tf.variable(tf.randomNormal([5, 5, 1, 6], 0, 0.1)),
    tf.variable(tf.zeros([6])),
    tf.variable(tf.randomNormal([5, 5, 6, 16], 0, 0.1)),
    tf.variable(tf.zeros([16])),
    tf.variable(tf.randomNormal([400, 120], 0, 0.05)),
    tf.variable(tf.zeros([120])),
    tf.variable(tf.randomNormal([120, 84], 0, 0.1)),
    tf.variable(tf.zeros([84])),
    tf.variable(tf.randomNormal([84, 10], 0, 0.1)),
    tf.variable(tf.zeros([10])),
  ];
  private readonly optimizer = tf.train.sgd(LEARNING_RATE);

  forward(x: tf.Tensor4D): tf.Tensor {
    const v = this.vars;
    const block = (h: tf.Tensor4D, k: number, pad: 'same' | 'valid') =>
      tf.maxPool(tf.relu(tf.add(tf.conv2d(h, v[k] as tf.Tensor4D, 1, pad), v[k + 1])) as tf.Tensor4D, 2, 2, 'valid');
    const h = block(block(x, 0, 'same'), 2, 'valid');
    let f: tf.Tensor = tf.reshape(h, [h.shape[0], 400]);
    f = tf.relu(tf.add(tf.matMul(f, v[4] as tf.Tensor2D), v[5]));
    f = tf.relu(tf.add(tf.matMul(f, v[6] as tf.Tensor2D), v[7]));
    return tf.add(tf.matMul(f, v[8] as tf.Tensor2D), v[9]);
  }

  trainStep(x: tf.Tensor4D, y: tf.Tensor): void {
    this.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, this.forward(x)) as tf.Scalar, false, this.vars);
  }

  predictAndDispose(x: tf.Tensor4D): void {
    tf.tidy(() => this.forward(x)).dispose();
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Section: one training step (forward, backward, SGD update) and the forward pass of LeNet-5 on MNIST at batch 32,
 * ours (@rectify/conv on the CPU backend) against tfjs-cpu and tfjs-wasm, in milliseconds.
 */
export async function cnnStepSection(data: MnistSplit, options: RunOptions, results: RunResults): Promise<void> {
  const xs = data.x.subarray(0, BATCH * 784);
  const ys = data.y.subarray(0, BATCH * 10);
  const x = new Tensor(xs, [BATCH, 1, 28, 28]);
  const y = new Tensor(ys, [BATCH, 10]);
  const t = table(`LeNet-5 on MNIST, batch ${BATCH} (ms, median; lower is better)`, [
    'pass',
    'ours',
    'tfjs-cpu',
    'tfjs-wasm',
    'tfjs-cpu ÷ ours',
    'tfjs-wasm ÷ ours',
  ]);
  const opts = options.quick
    ? { warmup: 2, minSamples: 3, minTimeMs: 0 }
    : { warmup: 5, warmupMs: 1000, minSamples: 10, minTimeMs: 1000 };
  const model = oursLenet();
  const oursFwd = measureSync(() => model.predict(x), opts).medianMs;
  const oursStep = measureSync(() => model.trainBatch(x, y), opts).medianMs;
  model.dispose();
  const tfTimes: Record<string, { step?: number; fwd?: number }> = {};
  for (const backend of ['cpu', 'wasm'] as const) {
    await useTfBackend(backend);
    const tx = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
    const ty = tf.tensor2d(ys, [BATCH, 10]);
    const net = new TfLenet();
    const times: { step?: number; fwd?: number } = {};
    // Timed apart: tfjs-backend-wasm has a forward pass but no convolution gradients (Conv2DBackpropFilter).
    for (const [key, call] of [
      ['fwd', () => net.predictAndDispose(tx)],
      ['step', () => net.trainStep(tx, ty)],
    ] as const) {
      try {
        times[key] = measureSync(call, opts).medianMs;
      } catch (e) {
        t.notes.push(`tfjs-${backend} ${key === 'fwd' ? 'forward' : 'training step'}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    tfTimes[backend] = times;
    net.dispose();
    tx.dispose();
    ty.dispose();
  }
  for (const [pass, ours, key] of [
    ['training step', oursStep, 'step'],
    ['forward', oursFwd, 'fwd'],
  ] as const) {
    results.metrics.set(`cnn.${key}.ours`, ours);
    t.rows.push([
      pass,
      num(ours),
      num(tfTimes.cpu?.[key]),
      num(tfTimes.wasm?.[key]),
      ratio(tfTimes.cpu?.[key], ours),
      ratio(tfTimes.wasm?.[key], ours),
    ]);
  }
  t.notes.push(
    'ours: conv2d (im2col + the core GEMM kernel), max pooling and dense on the CPU backend, NCHW, `model.trainBatch` (reads the loss back); tfjs: the same layers in tf ops, NHWC, `optimizer.minimize` (loss not read back). Plain SGD.',
  );
  results.tables.push(t);
}
