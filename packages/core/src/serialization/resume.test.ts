import { describe, expect, it } from 'vitest';
import { activation, dense } from '../builtin-layers';
import type { Sequential } from '../model/sequential';
import { sequential } from '../model/sequential';
import { adam, sgd } from '../optimizers';
import type { OptimizerConfig } from '../optimizers/contract';
import { Rng } from '../random';
import { type Tensor, tensor } from '../tensor';
import { loadModel } from './load';
import { serializeModel } from './to-json';

const ROWS = 23; // not a multiple of the batch size: the last batch of every epoch is short
const BATCH = 5;

function data(seed: number): [Tensor, Tensor] {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: ROWS * 3 }, () => rng.normal());
  const y = Float32Array.from({ length: ROWS * 2 }, () => rng.normal());
  return [tensor(x, [ROWS, 3]), tensor(y, [ROWS, 2])];
}

function freshModel(optimizer: OptimizerConfig): Sequential {
  return sequential({ inputShape: [3], seed: 11, layers: [dense(8), activation('tanh'), dense(2)] }).compile({
    loss: 'mse',
    optimizer,
  });
}

/** Every weight and every optimizer number, flattened with its place, for an Object.is comparison. */
function snapshot(model: Sequential): [string, number][] {
  const out: [string, number][] = [];
  for (const { id, param } of model.paramRefs()) {
    for (let i = 0; i < param.value.length; i++) out.push([`${id}[${i}]`, param.value[i]]);
  }
  const state = model.training?.optimizer.getState();
  if (!state) throw new Error('the model is not compiled');
  out.push(['optimizer.step', state.step]);
  for (const [id, slots] of Object.entries(state.slots)) {
    for (const [slot, values] of Object.entries(slots)) {
      for (let i = 0; i < values.length; i++) out.push([`${id}.${slot}[${i}]`, values[i]]);
    }
  }
  return out;
}

/** Places where the two snapshots differ by Object.is (so -0 vs 0 counts). */
function differences(a: [string, number][], b: [string, number][]): string[] {
  expect(b.map(([k]) => k)).toEqual(a.map(([k]) => k));
  return a.filter(([, v], i) => !Object.is(v, b[i][1])).map(([k]) => k);
}

const optimizers: [string, () => OptimizerConfig][] = [
  ['SGD with momentum', () => sgd({ learningRate: 0.05, momentum: 0.9 }).config()],
  ['Adam', () => adam({ learningRate: 0.01 }).config()],
];

describe.each(optimizers)('training resumes exactly after save and load (%s)', (_, optimizer) => {
  const [x, y] = data(3);
  const fitOptions = (epochs: number) => ({ epochs, batchSize: BATCH, shuffle: true });

  it('3 epochs, save, load from the text, 2 epochs: bit-identical to 5 epochs without the save', async () => {
    const straight = freshModel(optimizer());
    await straight.fit(x, y, fitOptions(5));

    const first = freshModel(optimizer());
    await first.fit(x, y, fitOptions(3));
    const text = serializeModel(first);
    const resumed = loadModel(text);
    await resumed.fit(x, y, fitOptions(2));

    expect(differences(snapshot(straight), snapshot(resumed))).toEqual([]);
    // The moments took 5 epochs of steps, so the comparison covers the optimizer state, not an empty one.
    expect(resumed.training?.optimizer.getState().step).toBe(5 * Math.ceil(ROWS / BATCH));
  });

  it('the saved shuffle state is what makes it exact: without it the resumed run ends elsewhere', async () => {
    const straight = freshModel(optimizer());
    await straight.fit(x, y, fitOptions(5));

    const first = freshModel(optimizer());
    await first.fit(x, y, fitOptions(3));
    const doc = JSON.parse(serializeModel(first));
    expect(Object.hasOwn(doc.training, 'shuffleState')).toBe(true);
    delete doc.training.shuffleState; // as an older @rectify/core wrote it
    const restarted = loadModel(doc);
    await restarted.fit(x, y, fitOptions(2));

    expect(differences(snapshot(straight), snapshot(restarted)).length).toBeGreaterThan(0);
  });
});

describe('fit continues across calls', () => {
  it('fit(3 epochs) then fit(2 epochs) on one model equals fit(5 epochs)', async () => {
    const [x, y] = data(4);
    const straight = freshModel(adam({ learningRate: 0.01 }).config());
    await straight.fit(x, y, { epochs: 5, batchSize: BATCH });
    const split = freshModel(adam({ learningRate: 0.01 }).config());
    await split.fit(x, y, { epochs: 3, batchSize: BATCH });
    await split.fit(x, y, { epochs: 2, batchSize: BATCH });
    expect(differences(snapshot(straight), snapshot(split))).toEqual([]);
  });
});
