import { describe, expect, it } from 'vitest';
import { tanh } from '../activations';
import { earlyStopping } from '../callbacks';
import { activation, dense } from '../builtin-layers';
import { sequential } from '../model';
import { Rng } from '../random';
import { adam } from '../optimizers';
import { Tensor } from '../tensor';
import type { Batch } from './contract';
import { shuffleRows } from './shuffle-buffer';

const rows = 30;
const x = new Tensor(
  Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 0.37)),
  [rows, 2],
);
const labels = Array.from({ length: rows }, (_, i) => (i * 5) % 3);
const y = new Tensor(Float32Array.from(labels.flatMap((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0)))), [rows, 3]);

function slice(t: Tensor, start: number, end: number): Tensor {
  const cols = t.data.length / t.shape[0];
  return new Tensor(t.data.slice(start * cols, end * cols), [end - start, ...t.shape.slice(1)]);
}

/** The rows as batches of `size`, from a fresh async generator each call. */
function source(size: number, xs = x, ys: Tensor | number[] = y) {
  return async function* (): AsyncGenerator<Batch> {
    for (let s = 0; s < xs.shape[0]; s += size) {
      const e = Math.min(xs.shape[0], s + size);
      yield { x: slice(xs, s, e), y: Array.isArray(ys) ? ys.slice(s, e) : slice(ys, s, e) };
    }
  };
}

function model() {
  return sequential({ inputShape: [2], seed: 21, layers: [dense(8), activation(tanh), dense(3)] }).compile({
    loss: 'softmax-cross-entropy',
    optimizer: adam({ learningRate: 0.02 }),
    metrics: ['accuracy', 'f1'],
  });
}

describe('fit on a stream of batches', () => {
  it('trains bit for bit like fit(x, y) without shuffling, with the same epoch losses', async () => {
    const a = model();
    const b = model();
    const ha = await a.fit(source(8), { epochs: 3 });
    const hb = await b.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(ha.epochs.map((e) => e.loss)).toEqual(hb.epochs.map((e) => e.loss));
    expect(ha.steps).toBe(12);
  });

  it('scores the validation stream like evaluate, and takes class indices and a plain array of batches', async () => {
    const m = model();
    const batches: Batch[] = [];
    for await (const b of source(7, x, labels)()) batches.push(b);
    const h = await m.fit(batches, { epochs: 2, validationData: source(4, x, labels) });
    const last = h.epochs[1];
    const e = m.evaluate(x, labels);
    expect(last.valLoss).toBeCloseTo(e.loss, 6); // sums in another order
    expect(last.valAccuracy).toBe(e.accuracy);
    expect(last.valMetrics).toEqual(e.metrics);
  });

  it('shuffles through a bounded buffer: every row once per epoch, seeded, in a new order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        yield { x: Float32Array.of(i), y: Float32Array.of(i) };
      }
    }
    const out: number[] = [];
    for await (const row of shuffleRows(counted(), 10, new Rng(5))) {
      inFlight--;
      out.push(row.x[0]);
    }
    expect([...out].sort((p, q) => p - q)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(out).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(maxInFlight).toBeLessThanOrEqual(11);
    // a row cannot come out more than `size` places earlier than it went in
    for (const [i, v] of out.entries()) expect(v).toBeLessThanOrEqual(i + 10);

    const a = model();
    const b = model();
    await a.fit(source(8), { epochs: 2, shuffleBuffer: 16, batchSize: 5 });
    await b.fit(source(8), { epochs: 2, shuffleBuffer: 16, batchSize: 5 });
    expect(a.getWeights()).toEqual(b.getWeights());
    const plain = model();
    await plain.fit(source(5), { epochs: 2 });
    expect(a.getWeights()).not.toEqual(plain.getWeights());
  });

  it('runs callbacks (early stopping) and stops on abort', async () => {
    const h = await model().fit(source(10), {
      epochs: 50,
      validationData: source(10),
      callbacks: [earlyStopping({ monitor: 'valMetrics.f1', patience: 0, minDelta: 1 })],
    });
    expect(h.stopReason).toBe('stopped');
    expect(h.epochs).toHaveLength(2);
    const signal = { aborted: false };
    const h2 = await model().fit(source(10), {
      epochs: 5,
      signal,
      onBatchEnd: (i) => {
        signal.aborted = i.step === 4;
      },
    });
    expect(h2.stopReason).toBe('aborted');
    expect(h2.steps).toBe(4);
  });

  it('says what is wrong with a one-shot generator, a bad batch or a bad option', async () => {
    const once = source(10)();
    await expect(model().fit(once, { epochs: 2 })).rejects.toThrow(/no batches in epoch 1.*function returning a fresh iterable/);
    await expect(model().fit([{ x, y: slice(y, 0, 3) }], { epochs: 1 })).rejects.toThrow(/batch 0: x has 30 rows/);
    await expect(model().fit([{ x: [1, 2] as never, y }], { epochs: 1 })).rejects.toThrow(/must be an object \{ x: Tensor/);
    await expect(model().fit(source(10), { epochs: 1, shuffleBuffer: -1 })).rejects.toThrow(/shuffleBuffer must be an integer/);
    await expect(model().fit(42 as never, { epochs: 1 })).rejects.toThrow(/iterable of \{ x, y \} batches/);
  });
});
