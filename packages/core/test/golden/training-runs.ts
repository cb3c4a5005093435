/**
 * The fixed-seed CPU training runs whose final weights are pinned, bit for bit, in `fixtures/training-golden.json`. The file
 * was written by `scripts/make-training-golden.ts` from the code before the layer contract v2 refactor; any change to
 * the numerics of dense / activation / residual layers, the CPU backend, losses or optimizers shows up here.
 */
import {
  activation,
  adam,
  cpuBackend,
  defineActivation,
  dense,
  heNormal,
  identity,
  type Layer,
  leakyReluGradInto,
  leakyReluInto,
  type LossName,
  type Optimizer,
  residual,
  Rng,
  sequential,
  sgd,
  sigmoid,
  tanh,
  Tensor,
} from '../../src/index';
import { testPrelu, testRelu } from '../../src/serialization/test-activations';

/**
 * A ReLU-family plugin defined inline (core's tests depend on no plugin package): Leaky ReLU on core's WebAssembly
 * rectifier kernels, with the plain loop they fall back to, as `@rectify/leaky-relu` does.
 */
export const goldenLeakyRelu = defineActivation({
  name: 'golden-leaky-relu',
  apiVersion: 1,
  version: '0.0.0',
  params: { negativeSlope: { default: 0.01, min: 0 } },
  cpu: {
    forward(x, y, { length, hyper }) {
      const s = hyper.negativeSlope;
      if (leakyReluInto(x, y, length, s)) return;
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : s * x[i];
    },
    backward(x, _y, dy, dx, { length, hyper }) {
      const s = hyper.negativeSlope;
      if (leakyReluGradInto(x, dy, dx, length, s)) return;
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : s * dy[i];
    },
  },
});

/** One pinned run. */
export interface GoldenRun {
  /** Key in the golden file. */
  readonly name: string;
  /** Builds the layers (fresh objects each call). */
  readonly layers: () => Layer[];
  /** Input features per row. */
  readonly inputs: number;
  /** Output features per row. */
  readonly outputs: number;
  /** The loss. */
  readonly loss: LossName;
  /** A fresh optimizer. */
  readonly optimizer: () => Optimizer;
  /** L2 strength. */
  readonly l2: number;
  /** Rows in the data set. */
  readonly rows: number;
  /** Rows per step (the last batch of an epoch is smaller when it does not divide `rows`). */
  readonly batchSize: number;
  /** Epochs, shuffled. */
  readonly epochs: number;
}

/** The pinned runs: dense, every baseline activation, a ReLU-family plugin, a learnable slope, residual blocks with and without projection, SGD+momentum (plain and Nesterov) and Adam/AdamW, L2, shuffled mini-batches with a partial last batch. */
export const GOLDEN_RUNS: readonly GoldenRun[] = [
  {
    name: 'sgd-momentum-tanh-sigmoid-mse',
    layers: () => [dense(24), activation(tanh), dense(16), activation(sigmoid), dense(2)],
    inputs: 6,
    outputs: 2,
    loss: 'mse',
    optimizer: () => sgd({ learningRate: 0.05, momentum: 0.9 }),
    l2: 1e-3,
    rows: 70,
    batchSize: 16,
    epochs: 6,
  },
  {
    name: 'nesterov-leaky-relu-bce',
    layers: () => [
      dense(32, { kernelInitializer: heNormal() }),
      activation(goldenLeakyRelu({ negativeSlope: 0.1 })),
      dense(16, { kernelInitializer: heNormal() }),
      activation(testRelu),
      dense(1),
    ],
    inputs: 5,
    outputs: 1,
    loss: 'bce-with-logits',
    optimizer: () => sgd({ learningRate: 0.02, momentum: 0.8, nesterov: true, weightDecay: 1e-4 }),
    l2: 0,
    rows: 61,
    batchSize: 8,
    epochs: 5,
  },
  {
    name: 'adam-residual-softmax',
    layers: () => [
      dense(16, { kernelInitializer: heNormal() }),
      activation(goldenLeakyRelu),
      residual([dense(16), activation(tanh), dense(16)]),
      residual([dense(8), activation(testPrelu, { channels: 8 })]),
      activation(identity),
      dense(3),
    ],
    inputs: 4,
    outputs: 3,
    loss: 'softmax-cross-entropy',
    optimizer: () => adam({ learningRate: 0.01 }),
    l2: 5e-4,
    rows: 90,
    batchSize: 32,
    epochs: 5,
  },
  {
    name: 'adam-shared-slope-sigmoid-body',
    layers: () => [
      dense(20),
      activation(testPrelu),
      residual([dense(20), activation(sigmoid)], { projection: true }),
      residual([dense(12), activation(goldenLeakyRelu), dense(12)]),
      dense(1),
    ],
    inputs: 3,
    outputs: 1,
    loss: 'mse',
    optimizer: () => adam({ learningRate: 0.005, beta1: 0.85 }),
    l2: 0,
    rows: 40,
    batchSize: 40,
    epochs: 8,
  },
];

/** Seeded inputs in [−2, 2) and targets of the loss's kind (one-hot for softmax, 0/1 for BCE, a smooth map for MSE). */
function data(run: GoldenRun): [Tensor, Tensor] {
  const rng = new Rng(20_260_404);
  const x = new Float32Array(run.rows * run.inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.range(-2, 2);
  const y = new Float32Array(run.rows * run.outputs);
  for (let r = 0; r < run.rows; r++) {
    const row = x.subarray(r * run.inputs, (r + 1) * run.inputs);
    const s = row.reduce((a, v, i) => a + v * (i % 2 === 0 ? 1 : -0.5), 0);
    if (run.loss === 'softmax-cross-entropy') y[r * run.outputs + (Math.abs(Math.floor(s * 2)) % run.outputs)] = 1;
    else if (run.loss === 'bce-with-logits') y[r] = s > 0 ? 1 : 0;
    else for (let o = 0; o < run.outputs; o++) y[r * run.outputs + o] = Math.sin(s + o);
  }
  return [new Tensor(x, [run.rows, run.inputs]), new Tensor(y, [run.rows, run.outputs])];
}

/** Trains `run` on the CPU backend and returns every parameter (by id) and the predictions on the training rows (`predict`) as float32 bit patterns in hex. */
export async function trainGoldenRun(run: GoldenRun, fuse: boolean): Promise<Record<string, string[]>> {
  const model = sequential({ inputShape: [run.inputs], seed: 7, layers: run.layers() });
  // fma: false keeps the golden bits on Node 22+ and Chromium, where the default would pick the fused kernel.
  model.compile({ loss: run.loss, optimizer: run.optimizer(), l2: run.l2, backend: cpuBackend({ fuse, fma: false }) });
  const [x, y] = data(run);
  await model.fit(x, y, { epochs: run.epochs, batchSize: run.batchSize, shuffle: true });
  const out: Record<string, string[]> = {};
  for (const { id, param } of model.paramRefs()) out[id] = float32Bits(param.value);
  out.predict = float32Bits(model.predict(x).data);
  return out;
}

function float32Bits(values: Float32Array): string[] {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  return Array.from(bits, (b) => b.toString(16).padStart(8, '0'));
}
