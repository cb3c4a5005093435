// Where the MLP 784-256-128-10 training step (batch 128, relu, SGD) spends its time: profiles 1,000 steps with the
// V8 sampling profiler (node:inspector) and prints the self time of the top functions, as shares of the run.
// Usage: node bench/scripts/profile-mlp-step.mjs [threads] [steps]   (after `pnpm -r build`)
import { Session } from 'node:inspector/promises';
import { activation, cpuBackend, dense, sequential, sgd, Tensor } from '@rectify/core';
import { relu } from '@rectify/relu';

const threads = Number(process.argv[2] ?? 2);
const steps = Number(process.argv[3] ?? 1000);
const B = 128;
const x = new Tensor(
  Float32Array.from({ length: B * 784 }, (_, i) => Math.sin(i) * 0.5),
  [B, 784],
);
const y = new Tensor(
  Float32Array.from({ length: B * 10 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
  [B, 10],
);
const model = sequential({
  inputShape: [784],
  seed: 1,
  layers: [dense(256), activation(relu), dense(128), activation(relu), dense(10)],
});
model.compile({
  loss: 'softmax-cross-entropy',
  optimizer: sgd({ learningRate: 0.01 }),
  backend: cpuBackend({ threads, fma: false }),
});
for (let i = 0; i < 100; i++) model.trainBatch(x, y);
await new Promise((resolve) => setTimeout(resolve, 300));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const t0 = performance.now();
for (let i = 0; i < steps; i++) model.trainBatch(x, y);
const ms = (performance.now() - t0) / steps;
const { profile } = await session.post('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
  total += profile.timeDeltas[i];
});
console.log(
  `${threads} thread(s): ${ms.toFixed(3)} ms per step; self time by function (wasm-function[2] of the gemm module is the micro-kernel):`,
);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${((v / total) * ms).toFixed(3)} ms  ${k}`);
}
