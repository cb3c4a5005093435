// Quick look (not the report): MLP 784-256-128-10 forward and step at batch 128 on 1 and 2 threads, interleaved.
import { activation, cpuBackend, dense, sequential, sgd, tensor } from '@rectify/core';
import { relu } from '@rectify/relu';

const B = 128;
const x = tensor(new Float32Array(B * 784).map((_, i) => Math.sin(i) * 0.5), [B, 784]);
const y = tensor(new Float32Array(B * 10).map((_, i) => (i % 10 === (Math.floor(i / 10) % 10) ? 1 : 0)), [B, 10]);
function build(threads, fma) {
  const m = sequential({ inputShape: [784], seed: 1, layers: [dense(256), activation(relu), dense(128), activation(relu), dense(10)] });
  m.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.01 }), backend: cpuBackend({ threads, fma }) });
  return m;
}
function time(f, n) {
  const ts = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)].toFixed(3) + '/' + ts[0].toFixed(3);
}
const fma = process.argv[2] === 'fma' ? true : false;
const models = [1, 2].map((t) => [t, build(t, fma)]);
for (const [, m] of models) for (let i = 0; i < 30; i++) m.trainBatch(x, y);
await new Promise((r) => setTimeout(r, 300));
for (let round = 0; round < 3; round++)
  for (const [t, m] of models) console.log(`threads ${t} fma ${fma}: forward ${time(() => m.predict(x), 60)} ms  step ${time(() => m.trainBatch(x, y), 60)} ms`, m.backendReport?.threads ?? '');
