// Run once per model by the model-memory section, in a process of its own so that what the model holds is not mixed
// with other models: builds it, trains 20 steps, predicts once, and prints its memory as JSON on the last line.
import { cpuMemoryInfo, type Sequential, sgd, Tensor } from '@rectify/core';
import { imageBatch, oursLenet } from './cnn/lenet';
import { useTfBackend, tf } from './contenders/tfjs';
import { TfMlp } from './mlp/tfjs';
import { oursMlp } from './mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from './mlp/weights';
import { benchActivations } from './plugins';
import { oursRnn } from './sections/rnn-step';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('model-memory-child: run with --expose-gc');
const which = process.argv[2];
const STEPS = 20;

/** arrayBuffers and external bytes of this process after a full collection. */
function usage(): { arrayBuffers: number; external: number } {
  gc?.();
  gc?.();
  const u = process.memoryUsage();
  return { arrayBuffers: u.arrayBuffers, external: u.external };
}

const relu = (await benchActivations()).find((a) => a.name === 'relu');
if (!relu) throw new Error('model-memory-child: no relu');

if (which === 'tfjs-mlp') {
  await useTfBackend('wasm');
  const weights = initialWeights();
  const x = tf.randomNormal([BATCH, MLP_SIZES[0]]);
  const y = tf.oneHot(tf.zeros([BATCH], 'int32'), 10).toFloat();
  const before = usage();
  const t0 = tf.memory().numBytes;
  const net = new TfMlp(relu, weights);
  for (let i = 0; i < STEPS; i++) net.trainStep(x, y);
  net.predictAndDispose(x);
  const after = usage();
  const params = MLP_SIZES.slice(1).reduce((s, n, l) => s + (MLP_SIZES[l] * n + n) * 4, 0);
  console.log(JSON.stringify({ params, state: 0, tensors: tf.memory().numBytes - t0, ...delta(before, after) }));
} else {
  let build: () => { model: Sequential; x: Tensor; y: Tensor };
  if (which === 'mlp') {
    build = () => ({
      model: oursMlp(relu, initialWeights()),
      x: new Tensor(new Float32Array(BATCH * 784).fill(0.1), [BATCH, 784]),
      y: new Tensor(new Float32Array(BATCH * 10).fill(0.1), [BATCH, 10]),
    });
  } else if (which === 'lenet') {
    build = () => ({
      model: oursLenet(sgd({ learningRate: 0.01, momentum: 0.9 })),
      x: imageBatch(new Float32Array(32 * 784).fill(0.1), 0, 32),
      y: new Tensor(new Float32Array(320).fill(0.1), [32, 10]),
    });
  } else if (which === 'rnn') {
    build = () => {
      const model = oursRnn({ steps: 28, features: 28, outputs: 10, loss: 'softmax-cross-entropy' }, 'tanh');
      return {
        model,
        x: new Tensor(new Float32Array(32 * 784).fill(0.1), [32, 28, 28]),
        y: new Tensor(new Float32Array(320).fill(0.1), [32, 10]),
      };
    };
  } else throw new Error(`model-memory-child: unknown model ${which}`);
  const before = usage();
  const heap0 = cpuMemoryInfo();
  const { model, x, y } = build();
  for (let i = 0; i < STEPS; i++) model.trainBatch(x, y);
  model.predict(x);
  const after = usage();
  const heap1 = cpuMemoryInfo();
  let params = 0;
  for (const { param } of model.paramRefs()) params += param.value.byteLength;
  const slots = Object.values(model.training?.optimizer.getState().slots ?? {});
  const state = slots.reduce((s, slot) => s + Object.values(slot).reduce((t, a) => t + a.length * 4, 0), 0);
  console.log(
    JSON.stringify({
      params,
      state,
      heapUsed: heap1.kernelHeapUsedBytes - heap0.kernelHeapUsedBytes,
      heapReserved: heap1.kernelHeapBytes - heap0.kernelHeapBytes,
      scratch: heap1.scratchBytes - heap0.scratchBytes,
      ...delta(before, after),
    }),
  );
}

function delta(a: { arrayBuffers: number; external: number }, b: { arrayBuffers: number; external: number }) {
  return { arrayBuffers: b.arrayBuffers - a.arrayBuffers, external: b.external - a.external };
}
