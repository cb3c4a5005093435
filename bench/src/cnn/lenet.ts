import { conv2d, flatten, maxPool2d } from '@rectify/conv';
import { activation, type Backend, dense, type Optimizer, type Sequential, sequential, Tensor } from '@rectify/core';
import { relu } from '@rectify/relu';
import { tf } from '../contenders/tfjs';

/** LeNet-5 (ReLU, max pooling), NCHW, softmax cross-entropy, on `backend` (default: the CPU backend). */
export function oursLenet(optimizer: Optimizer, seed = 1, backend?: Backend): Sequential {
  const model = sequential({
    inputShape: [1, 28, 28],
    seed,
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
  model.compile({ loss: 'softmax-cross-entropy', optimizer, ...(backend ? { backend } : {}) });
  return model;
}

/** The same network in TensorFlow.js ops, NHWC (its CPU and wasm kernels' layout). */
export class TfLenet {
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

  constructor(private readonly optimizer: tf.Optimizer) {}

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

  /** The logits of `x`, read back. */
  predict(x: tf.Tensor4D): Float32Array {
    const out = tf.tidy(() => this.forward(x));
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
    this.optimizer.dispose();
  }
}

/** Rows `[start, start + rows)` of MNIST pixels as an NCHW image batch `[rows, 1, 28, 28]` (a view, no copy). */
export function imageBatch(x: Float32Array, start: number, rows: number): Tensor {
  return new Tensor(x.subarray(start * 784, (start + rows) * 784), [rows, 1, 28, 28]);
}
