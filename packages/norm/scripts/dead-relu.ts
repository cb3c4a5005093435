// "BatchNorm keeps ReLU units alive": trains the same ReLU network with and without BatchNorm before each ReLU,
// under the two conditions that kill ReLU units (a high learning rate; a negative bias init), over 5 seeds, and
// prints the dead fraction (hidden units whose ReLU output is 0 for every training input) and test accuracy.
// Run: pnpm --filter @rectify/norm exec tsx scripts/dead-relu.ts   (after building core, relu and norm)
import {
  activation,
  constantInit,
  createDefaultRegistry,
  createRng,
  dense,
  heNormal,
  type Layer,
  sequential,
  sgd,
  Tensor,
  tensor,
} from '@rectify/core';
import { relu } from '@rectify/relu';
import { batchNorm, batchNormPlugin } from '../src/index';

const registry = createDefaultRegistry().registerActivation(relu).registerLayer(batchNormPlugin);

function spirals(n: number, seed: number): { x: Tensor; y: Tensor } {
  const rng = createRng(seed);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = rng.uniform();
    const t = 1.75 * r * 2 * Math.PI + label * Math.PI;
    xs.push([r * Math.sin(t) + 0.05 * rng.normal(), r * Math.cos(t) + 0.05 * rng.normal()]);
    ys.push([label]);
  }
  return { x: tensor(xs), y: tensor(ys) };
}

interface Variant {
  readonly label: string;
  readonly norm: boolean;
  readonly learningRate: number;
  readonly biasInit: number;
}

const variants: Variant[] = [
  { label: 'relu, lr 0.03', norm: false, learningRate: 0.03, biasInit: 0 },
  { label: 'relu, lr 1', norm: false, learningRate: 1, biasInit: 0 },
  { label: 'relu + batch-norm, lr 1', norm: true, learningRate: 1, biasInit: 0 },
  { label: 'relu, bias init -1', norm: false, learningRate: 0.1, biasInit: -1 },
  { label: 'relu + batch-norm, bias init -1', norm: true, learningRate: 0.1, biasInit: -1 },
];

function build(v: Variant, seed: number) {
  const layers: Layer[] = [];
  for (let i = 0; i < 3; i++) {
    layers.push(dense(16, { kernelInitializer: heNormal(), biasInitializer: constantInit(v.biasInit) }));
    if (v.norm) layers.push(batchNorm());
    layers.push(activation(relu));
  }
  layers.push(dense(1));
  const model = sequential({ inputShape: [2], seed, layers, registry });
  model.compile({ loss: 'bce-with-logits', optimizer: sgd({ learningRate: v.learningRate }) });
  return model;
}

/** Fraction of hidden ReLU units that output 0 on every probe input (inference mode). */
function deadFraction(layers: readonly Layer[], probe: Tensor): number {
  let x = probe;
  let dead = 0;
  let units = 0;
  for (const layer of layers) {
    x = new Tensor(layer.forward(x, false).data.slice(), [probe.shape[0], ...layer.outputShape]);
    if (layer.type !== 'activation') continue;
    const width = layer.outputShape[0];
    for (let u = 0; u < width; u++) {
      let alive = false;
      for (let r = 0; r < probe.shape[0] && !alive; r++) alive = x.data[r * width + u] > 0;
      if (!alive) dead++;
    }
    units += width;
  }
  return dead / units;
}

const seeds = [1, 2, 3, 4, 5];
const train = spirals(400, 100);
const test = spirals(400, 200);
console.log('| variant | dead fraction (mean over 5 seeds) | per seed | test accuracy (mean) |');
console.log('| --- | --- | --- | --- |');
for (const v of variants) {
  const dead: number[] = [];
  const accuracy: number[] = [];
  for (const seed of seeds) {
    const model = build(v, seed);
    await model.fit(train.x, train.y, { epochs: 40, batchSize: 16 });
    dead.push(deadFraction(model.layers, train.x));
    accuracy.push(model.evaluate(test.x, test.y).accuracy ?? Number.NaN);
  }
  const mean = (a: number[]) => a.reduce((s, b) => s + b, 0) / a.length;
  console.log(
    `| ${v.label} | ${mean(dead).toFixed(3)} | ${dead.map((d) => d.toFixed(2)).join(' ')} | ${mean(accuracy).toFixed(3)} |`,
  );
}
