import { activation, cpuBackend, dense, sequential, sgd, Tensor, matmul, matmulTransA, matmulTransB } from '@rectify/core';
import { relu } from '@rectify/relu';
const threads = Number(process.argv[2] ?? 2);
const B = 128, dims = [784, 256, 128, 10];
const rnd = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
const model = sequential({ inputShape: [784], seed: 1, layers: [dense(256), activation(relu), dense(128), activation(relu), dense(10)] });
model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: 0.01 }), backend: cpuBackend({ threads, fma: false }) });
const x = new Tensor(rnd(B * 784), [B, 784]);
const y = new Tensor(Float32Array.from({ length: B * 10 }, (_, i) => (i % 10 === 3 ? 1 : 0)), [B, 10]);
for (let i = 0; i < 50; i++) model.trainBatch(x, y);
const acts = dims.map((d) => rnd(B * d)), W = dims.slice(1).map((d, l) => rnd(dims[l] * d)), G = W.map((w) => new Float32Array(w.length));
function fwd() { for (let l = 0; l < 3; l++) matmul(acts[l], W[l], acts[l + 1], B, dims[l], dims[l + 1]); }
function bwd() { for (let l = 2; l >= 0; l--) { matmulTransA(acts[l], acts[l + 1], G[l], B, dims[l], dims[l + 1], true); if (l > 0) matmulTransB(acts[l + 1], W[l], acts[l], B, dims[l + 1], dims[l]); } }
function time(fn, n = 300) { const ts = []; for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < n; i++) fn(); ts.push((performance.now() - t) / n); } ts.sort((a, b) => a - b); return ts[0]; }
for (let rep = 0; rep < 2; rep++) {
  const f = time(fwd), s = time(() => { fwd(); bwd(); });
  const mStep = time(() => model.trainBatch(x, y), 200), mFwd = time(() => model.predict(x), 200);
  console.log(`threads ${threads}: products of forward ${f.toFixed(3)} ms, of step ${s.toFixed(3)} ms | model forward ${mFwd.toFixed(3)} ms, step ${mStep.toFixed(3)} ms`);
}
