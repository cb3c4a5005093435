// Threads 1 vs 2 for the convolutions: LeNet-5 (conv 6@5×5 pad 2, tanh, pool, conv 16@5×5, tanh, pool, dense 120, 84,
// 10) at batch 64, forward (predict) and training step (SGD, softmax cross-entropy), the two thread counts interleaved
// in one process so that the shared machine's load hits both alike. Build first
// (`pnpm turbo run build --filter=@rectify/bench...`), then: node bench/scripts/ab-conv-threads.mjs [batch]
import * as conv from '@rectify/conv';
import * as core from '@rectify/core';
import { interleaved } from './interleaved.mjs';

const batch = Number(process.argv[2] ?? 64);
const rng = core.createRng(3);
const x = new core.Tensor(
  Float32Array.from({ length: batch * 784 }, () => rng.uniform()),
  [batch, 1, 28, 28],
);
const y = new core.Tensor(
  new Float32Array(batch * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
  [batch, 10],
);
function lenet(threads) {
  const m = core.sequential({
    inputShape: [1, 28, 28],
    seed: 1,
    layers: [
      conv.conv2d(6, 5, { padding: 2 }),
      core.activation(core.tanh),
      conv.maxPool2d(2),
      conv.conv2d(16, 5),
      core.activation(core.tanh),
      conv.maxPool2d(2),
      conv.flatten(),
      core.dense(120),
      core.activation(core.tanh),
      core.dense(84),
      core.activation(core.tanh),
      core.dense(10),
    ],
  });
  m.compile({
    loss: 'softmax-cross-entropy',
    optimizer: core.sgd({ learningRate: 0.01 }),
    backend: core.cpuBackend({ threads }),
  });
  return m;
}
const models = { 1: lenet(1), 2: lenet(2) };
const kinds = {
  forward: (m) => m.predict(x),
  step: (m) => m.trainBatch(x, y),
};
for (const m of Object.values(models)) kinds.step(m);
await new Promise((r) => setTimeout(r, 1000)); // lets the pools' workers start
for (const [kind, run] of Object.entries(kinds)) {
  const { 1: a, 2: b } = interleaved({ 1: () => run(models[1]), 2: () => run(models[2]) }, { warmup: 5, rounds: 30, reps: 5 });
  const f = (s) => `min ${s.min.toFixed(2)} q25 ${s.q25.toFixed(2)} med ${s.med.toFixed(2)} ms`;
  console.log(
    `LeNet-5 ${kind}, batch ${batch}: 1 thread ${f(a)} | 2 threads ${f(b)} | 2/1 (q25) ${(b.q25 / a.q25).toFixed(3)}, (min) ${(b.min / a.min).toFixed(3)}`,
  );
}
process.exit(0);
