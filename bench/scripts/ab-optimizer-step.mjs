// A/B of the optimizers' update speed: one `step` of SGD (plain, momentum, Nesterov) and Adam over the parameters of
// the MLP 784-256-128-10 ([784·256, 256, 256·128, 128, 1280, 10] values), on two built checkouts of the repository,
// interleaved in one process so that the shared machine's load hits both alike. Prints ns per parameter value.
// Build core in both (`pnpm --filter @rectify/core run build`), then:
// node bench/scripts/ab-optimizer-step.mjs <before-checkout> <after-checkout>
import { interleaved } from './interleaved.mjs';

const [beforeRoot, nowRoot] = process.argv.slice(2);
if (!beforeRoot || !nowRoot)
  throw new Error('usage: node bench/scripts/ab-optimizer-step.mjs <before-checkout> <after-checkout>');
const SIZES = [784 * 256, 256, 256 * 128, 128, 1280, 10];
const total = SIZES.reduce((a, b) => a + b, 0);
const cores = {
  before: await import(`${beforeRoot}/packages/core/dist/esm/index.js`),
  now: await import(`${nowRoot}/packages/core/dist/esm/index.js`),
};

/** The MLP's parameters with small weights and gradients (kernels decayed, biases not), as the optimizers see them. */
function params() {
  return SIZES.map((n, k) => ({
    id: `p${k}`,
    param: {
      name: `p${k}`,
      shape: [n],
      value: Float32Array.from({ length: n }, (_, i) => Math.sin(i + k) * 0.1),
      grad: Float32Array.from({ length: n }, (_, i) => Math.cos(i + k) * 1e-3),
      decay: k % 2 === 0,
    },
  }));
}

const OPTIMIZERS = {
  sgd: (c) => c.sgd({ learningRate: 1e-6 }),
  'sgd momentum': (c) => c.sgd({ learningRate: 1e-6, momentum: 0.9 }),
  'sgd nesterov': (c) => c.sgd({ learningRate: 1e-6, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }),
  adam: (c) => c.adam({ learningRate: 1e-6 }),
  adamw: (c) => c.adamw({ learningRate: 1e-6 }),
};

for (const [name, make] of Object.entries(OPTIMIZERS)) {
  const runs = {};
  for (const [k, core] of Object.entries(cores)) {
    const opt = make(core);
    const ps = params();
    runs[k] = () => opt.step(ps);
  }
  const stats = interleaved(runs, { warmup: 30, rounds: 40, reps: 5 });
  const ns = (ms) => ((ms * 1e6) / total).toFixed(2);
  const [b, n] = [stats.before.q25, stats.now.q25];
  console.log(
    `${name.padEnd(13)} before ${(b * 1e3).toFixed(0).padStart(5)} µs (${ns(b)} ns/value) | now ${(n * 1e3).toFixed(0).padStart(5)} µs (${ns(n)} ns/value) | now/before ${(n / b).toFixed(3)}`,
  );
}
