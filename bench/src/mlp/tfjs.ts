import { tf } from '../contenders/tfjs';
import type { BenchActivation } from '../plugins';
import { LEARNING_RATE, MLP_SIZES, type MlpWeights, PRELU_INIT } from './weights';

type TfTensor = tf.Tensor;

/** The benchmark MLP in TensorFlow.js (on whichever backend is active), with the shared initial weights. */
export class TfMlp {
  private readonly kernels: ReturnType<typeof tf.variable>[];
  private readonly biases: ReturnType<typeof tf.variable>[];
  private readonly slopes: ReturnType<typeof tf.variable>[];
  private readonly optimizer = tf.train.sgd(LEARNING_RATE);

  constructor(
    private readonly act: BenchActivation,
    weights: MlpWeights,
  ) {
    this.kernels = weights.kernels.map((k, l) => tf.variable(tf.tensor2d(k, [MLP_SIZES[l], MLP_SIZES[l + 1]])));
    this.biases = weights.biases.map((b) => tf.variable(tf.tensor1d(b)));
    this.slopes = act.name === 'prelu' ? [tf.variable(tf.scalar(PRELU_INIT)), tf.variable(tf.scalar(PRELU_INIT))] : [];
  }

  private activate(h: TfTensor, l: number): TfTensor {
    switch (this.act.tfOp) {
      case 'relu':
        return tf.relu(h);
      case 'leakyRelu':
        return tf.leakyRelu(h, 0.01);
      case 'prelu':
        return tf.prelu(h, this.slopes[l]);
      case 'elu':
        return tf.elu(h);
      case 'sigmoid':
        return tf.sigmoid(h);
      case 'tanh':
        return tf.tanh(h);
    }
  }

  /** Logits for a batch (call inside tf.tidy). */
  forward(x: TfTensor): TfTensor {
    let h = x;
    for (let l = 0; l < this.kernels.length; l++) {
      h = tf.add(tf.matMul(h, this.kernels[l]), this.biases[l]);
      if (l < this.kernels.length - 1) h = this.activate(h, l);
    }
    return h;
  }

  /** One SGD step on the mean softmax cross-entropy; the loss is not read back. */
  trainStep(x: TfTensor, y: TfTensor): void {
    this.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, this.forward(x)) as ReturnType<typeof tf.scalar>, false, [
      ...this.kernels,
      ...this.biases,
      ...this.slopes,
    ]);
  }

  /** Forward pass whose result is disposed (timing). */
  predictAndDispose(x: TfTensor): void {
    tf.tidy(() => this.forward(x)).dispose();
  }

  /** Logits as a host array. */
  predict(x: TfTensor): Float32Array {
    const out = tf.tidy(() => this.forward(x));
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  }

  dispose(): void {
    for (const v of [...this.kernels, ...this.biases, ...this.slopes]) v.dispose();
    this.optimizer.dispose();
  }
}
