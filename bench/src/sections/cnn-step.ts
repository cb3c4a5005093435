import { sgd, Tensor } from '@rectify/core';
import { exportOnnx } from '@rectify/onnx';
import { imageBatch, oursLenet, TfLenet } from '../cnn/lenet';
import { ortSession, ortTensor } from '../contenders/ort';
import { tf, useTfBackend } from '../contenders/tfjs';
import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { num, ratio, table } from '../table';
import { measure, measureSync } from '../timing';

/** Batch size of the LeNet-5 step and forward benchmarks (the gpu section's LeNet rows use it too). */
export const LENET_BATCH = 64;
const BATCH = LENET_BATCH;
const LEARNING_RATE = 0.01;

/**
 * Section: one training step (forward, backward, SGD update) and the forward pass of LeNet-5 on MNIST at batch 64,
 * ours (@rectify/conv on the CPU backend) against tfjs-cpu and tfjs-wasm, and the forward pass against onnxruntime
 * running our model's own ONNX export (`exportOnnx`), in milliseconds.
 */
export async function cnnStepSection(data: MnistSplit, options: RunOptions, results: RunResults): Promise<void> {
  const xs = data.x.subarray(0, BATCH * 784);
  const ys = data.y.subarray(0, BATCH * 10);
  const x = imageBatch(data.x, 0, BATCH);
  const y = new Tensor(ys, [BATCH, 10]);
  const t = table(`LeNet-5 on MNIST, batch ${BATCH} (ms, median; lower is better)`, [
    'pass',
    'ours',
    'tfjs-cpu',
    'tfjs-wasm',
    'onnxruntime',
    'tfjs-cpu ÷ ours',
    'tfjs-wasm ÷ ours',
    'onnxruntime ÷ ours',
  ]);
  const opts = options.quick
    ? { warmup: 2, minSamples: 3, minTimeMs: 0 }
    : { warmup: 5, warmupMs: 1000, minSamples: 10, minTimeMs: 1000 };
  const model = oursLenet(sgd({ learningRate: LEARNING_RATE }));
  const oursFwd = measureSync(() => model.predict(x), opts).medianMs;
  const session = await ortSession(exportOnnx(model));
  const feed = { input: ortTensor(xs, [BATCH, 1, 28, 28]) };
  const ortFwd = (await measure(() => session.run(feed), opts)).medianMs;
  const ortLogits = (await session.run(feed)).output.data as Float32Array;
  const ourLogits = model.predict(x).data;
  const ortGap = ortLogits.reduce((m, v, i) => Math.max(m, Math.abs(v - ourLogits[i])), 0);
  await session.release();
  const oursStep = measureSync(() => model.trainBatch(x, y), opts).medianMs;
  model.dispose();
  const tfTimes: Record<string, { step?: number; fwd?: number }> = {};
  for (const backend of ['cpu', 'wasm'] as const) {
    await useTfBackend(backend);
    const tx = tf.tensor4d(xs, [BATCH, 28, 28, 1]);
    const ty = tf.tensor2d(ys, [BATCH, 10]);
    const net = new TfLenet(tf.train.sgd(LEARNING_RATE));
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
    const ort = key === 'fwd' ? ortFwd : undefined;
    for (const backend of ['cpu', 'wasm'] as const) {
      const theirs = tfTimes[backend]?.[key];
      if (theirs !== undefined) results.metrics.set(`cnn.${key}.tf${backend}`, theirs);
    }
    t.rows.push([
      pass,
      num(ours),
      num(tfTimes.cpu?.[key]),
      num(tfTimes.wasm?.[key]),
      num(ort),
      ratio(tfTimes.cpu?.[key], ours),
      ratio(tfTimes.wasm?.[key], ours),
      ratio(ort, ours),
    ]);
  }
  t.notes.push(
    'ours: conv2d (forward: implicit GEMM on WebAssembly SIMD; backward: SIMD im2col/col2im around the core GEMM kernel), max pooling and dense on the CPU backend, NCHW, `model.trainBatch` (reads the loss back); tfjs: the same layers in tf ops, NHWC, `optimizer.minimize` (loss not read back). Plain SGD.',
    `onnxruntime-node: forward only (no training), our model exported with \`exportOnnx\`, default threads; its logits differ from ours by at most ${ortGap.toExponential(1)}.`,
  );
  results.tables.push(t);
}
