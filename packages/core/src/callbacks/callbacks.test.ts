import { describe, expect, it } from 'vitest';
import { tanh } from '../activations';
import type { ModelStore } from '../io/contract';
import { activation, dense } from '../builtin-layers';
import { sequential } from '../model';
import { adam, sgd } from '../optimizers';
import { exponentialLR, stepLR } from '../schedules';
import { loadModel } from '../serialization';
import { Tensor } from '../tensor';
import { earlyStopping } from './early-stopping';
import { learningRateScheduler, reduceLROnPlateau } from './lr-callbacks';
import { modelCheckpoint } from './checkpoint';
import type { Callback } from './contract';

const rows = 16;
const x = new Tensor(
  Float32Array.from({ length: rows * 2 }, (_, i) => Math.cos(i * 0.9)),
  [rows, 2],
);
const y = new Tensor(
  Float32Array.from({ length: rows }, (_, i) => Math.sin(i * 0.9) * 0.5),
  [rows, 1],
);

function model(lr = 0.05) {
  return sequential({ inputShape: [2], seed: 3, layers: [dense(6), activation(tanh), dense(1)] }).compile({
    loss: 'mse',
    optimizer: sgd({ learningRate: lr }),
  });
}

/** A callback that feeds a scripted monitored value through `valLoss`-like logs, by replacing the log it sees. */
function scripted(values: number[], inner: Callback): Callback {
  return {
    onTrainBegin: (ctx) => inner.onTrainBegin?.(ctx),
    onEpochEnd: (log, ctx) => inner.onEpochEnd?.({ ...log, valLoss: values[log.epoch] }, ctx),
    onTrainEnd: (h, ctx) => inner.onTrainEnd?.(h, ctx),
  };
}

describe('earlyStopping', () => {
  it('stops after `patience` epochs without an improvement larger than minDelta, with stopReason "stopped"', async () => {
    //          epoch: 0    1    2     3      4     5    6
    const values = [1.0, 0.8, 0.79, 0.795, 0.7, 0.71, 0.72, 0.73, 0.74];
    const es = earlyStopping({ patience: 2, minDelta: 0.05 });
    const h = await model().fit(x, y, { epochs: 9, batchSize: 8, callbacks: [scripted(values, es)] });
    // best 0.8 at epoch 1 (0.79 and 0.795 do not beat it by > 0.05) → stop at epoch 3
    expect(h.stopReason).toBe('stopped');
    expect(h.epochs.length).toBe(4);
    expect(es.bestEpoch).toBe(1);
    expect(h.message).toMatch(/early stopping at epoch 3: valLoss has not improved on 0.8 \(epoch 1\) for 2 epochs/);
  });

  it('restores the best epoch weights when asked, and a later fit resumes the shuffle stream as if never stopped', async () => {
    const values = [0.5, 0.4, 0.6, 0.7];
    const snapshots: Record<string, Tensor>[] = [];
    const snap: Callback = { onEpochEnd: (_l, ctx) => void snapshots.push(ctx.model.getWeights()) };
    const m = model();
    const es = earlyStopping({ patience: 2, restoreBestWeights: true });
    const h = await m.fit(x, y, { epochs: 10, batchSize: 4, callbacks: [snap, scripted(values, es)] });
    expect(h.epochs.length).toBe(4);
    expect(m.getWeights()).toEqual(snapshots[1]);
    // The stop left the shuffle stream exactly after epoch 3's draw: the same as a plain 4-epoch fit.
    const plain = model();
    await plain.fit(x, y, { epochs: 4, batchSize: 4 });
    expect(m.getShuffleState()).toEqual(plain.getShuffleState());
  });

  it('rejects a monitor the logs do not have, naming the fix', async () => {
    await expect(model().fit(x, y, { epochs: 2, callbacks: [earlyStopping()] })).rejects.toThrow(/give validation data/);
    expect(() => earlyStopping({ monitor: 'val_loss' as never })).toThrow(/monitor must be/);
  });
});

describe('learningRateScheduler in fit', () => {
  it('per batch: each step runs with rateAt(step), as PyTorch stepping after optimizer.step()', async () => {
    const m = model(0.1);
    const seen: number[] = [];
    const probe: Callback = { onBatchEnd: (_i, ctx) => void seen.push(ctx.model.training?.optimizer.learningRate ?? Number.NaN) };
    const schedule = exponentialLR({ gamma: 0.5 });
    // the probe runs first, so it sees the rate the step just used
    await m.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [probe, learningRateScheduler(schedule, { per: 'batch' })] });
    expect(seen).toEqual(Array.from({ length: 8 }, (_, t) => 0.1 * 0.5 ** t));
  });

  it('per epoch: training equals manual rate changes between one-epoch fits, and the count carries across fits', async () => {
    const a = model(0.2);
    const sched = learningRateScheduler(stepLR({ stepSize: 2, gamma: 0.1 }));
    await a.fit(x, y, { epochs: 3, batchSize: 4, callbacks: [sched] });
    await a.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [sched] });
    const b = model(0.2);
    for (const lr of [0.2, 0.2, 0.02, 0.02, 0.002]) {
      (b.training?.optimizer as { learningRate: number }).learningRate = lr;
      await b.fit(x, y, { epochs: 1, batchSize: 4 });
    }
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(a.training?.optimizer.learningRate).toBeCloseTo(0.2 * 0.01, 15); // after 5 scheduler steps: ⌊5 / 2⌋ = 2 drops
  });

  it('reduceLROnPlateau lowers the rate after patience bad epochs', async () => {
    const m = model(0.1);
    const values = [1, 1, 1, 1, 1];
    await m.fit(x, y, {
      epochs: 5,
      batchSize: 8,
      callbacks: [scripted(values, reduceLROnPlateau({ patience: 1, factor: 0.5 }))],
    });
    // epoch 0 best; bad 1, bad 2 > 1 → 0.05 at epoch 2; bad 1, bad 2 → 0.025 at epoch 4
    expect(m.training?.optimizer.learningRate).toBe(0.025);
  });
});

function memoryStore(): ModelStore & { writes: string[] } {
  const writes: string[] = [];
  return {
    url: 'memory://',
    writes,
    async save(json) {
      writes.push(json);
    },
    async load() {
      return writes[writes.length - 1];
    },
  };
}

describe('modelCheckpoint', () => {
  it('saves every N epochs a model that loads with the weights of that epoch', async () => {
    const store = memoryStore();
    const weights: Record<string, Tensor>[] = [];
    const snap: Callback = { onEpochEnd: (_l, ctx) => void weights.push(ctx.model.getWeights()) };
    const m = sequential({ inputShape: [2], seed: 3, layers: [dense(6), activation(tanh), dense(1)] }).compile({
      loss: 'mse',
      optimizer: adam({ learningRate: 0.01 }),
    });
    const cp = modelCheckpoint({ store, every: 2 });
    await m.fit(x, y, { epochs: 5, batchSize: 4, callbacks: [snap, cp] });
    expect(cp.saved).toEqual([1, 3]);
    expect(loadModel(store.writes[1]).getWeights()).toEqual(weights[3]);
  });

  it('saveBestOnly saves only on improvement of the monitor', async () => {
    const store = memoryStore();
    const cp = modelCheckpoint({ store, saveBestOnly: true, monitor: 'valLoss' });
    await model().fit(x, y, { epochs: 5, batchSize: 8, callbacks: [scripted([3, 2, 2.5, 1, 1], cp)] });
    expect(cp.saved).toEqual([0, 1, 3]);
    expect(store.writes.length).toBe(3);
  });
});
