// A/B of a refactor's speed: the MLP 784-256-128-10 training step (batch 128, SGD, softmax cross-entropy) on two
// built checkouts of the repository, interleaved in one process so that the shared machine's load hits both alike
// (separate `pnpm bench` runs moved by 10–60 % here). Build both (`pnpm turbo run build --filter=@rectify/bench...`),
// then: node bench/scripts/ab-mlp-step.mjs <before-checkout> <after-checkout> [relu,prelu,elu,tanh]
import { interleaved } from './interleaved.mjs';

const [beforeRoot, nowRoot, actList] = process.argv.slice(2);
if (!beforeRoot || !nowRoot)
  throw new Error('usage: node bench/scripts/ab-mlp-step.mjs <before-checkout> <after-checkout> [relu,prelu,elu,tanh]');
const trees = { before: beforeRoot, now: nowRoot };
const acts = actList ? actList.split(',') : ['relu'];
const load = async (root) => ({
  core: await import(`${root}/packages/core/dist/esm/index.js`),
  relu: await import(`${root}/packages/relu/dist/index.js`),
  elu: await import(`${root}/packages/elu/dist/index.js`),
  prelu: await import(`${root}/packages/prelu/dist/index.js`),
});
const libs = {};
for (const [k, r] of Object.entries(trees)) libs[k] = await load(r);
function setup(lib, actName) {
  const { core } = lib;
  const act =
    actName === 'relu' ? lib.relu.relu : actName === 'elu' ? lib.elu.elu : actName === 'prelu' ? lib.prelu.prelu : core[actName];
  const registry = core.createDefaultRegistry().registerActivation(act);
  const m = core.sequential({
    inputShape: [784],
    seed: 1,
    registry,
    layers: [core.dense(256), core.activation(act), core.dense(128), core.activation(act), core.dense(10)],
  });
  m.compile({ loss: 'softmax-cross-entropy', optimizer: core.sgd({ learningRate: 0.01 }) });
  const rng = core.createRng(3);
  const x = new core.Tensor(
    Float32Array.from({ length: 128 * 784 }, () => rng.uniform()),
    [128, 784],
  );
  const y = new core.Tensor(
    new Float32Array(128 * 10).map((_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
    [128, 10],
  );
  return () => m.trainBatch(x, y);
}
for (const a of acts) {
  const runs = { before: setup(libs.before, a), now: setup(libs.now, a) };
  const { before: b, now: n } = interleaved(runs, { warmup: 20, rounds: 40, reps: 10 });
  console.log(
    `${a}: before min ${b.min.toFixed(2)} q25 ${b.q25.toFixed(2)} med ${b.med.toFixed(2)} ms | now min ${n.min.toFixed(2)} q25 ${n.q25.toFixed(2)} med ${n.med.toFixed(2)} ms | now/before (q25) ${(n.q25 / b.q25).toFixed(3)}, (min) ${(n.min / b.min).toFixed(3)}`,
  );
}
