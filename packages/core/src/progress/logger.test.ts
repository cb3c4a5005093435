import { describe, expect, it, vi } from 'vitest';
import { dense } from '../builtin-layers';
import { sequential } from '../model';
import { sgd } from '../optimizers';
import { Tensor } from '../tensor';
import { formatDuration, formatNumber } from './format';
import { progressLogger } from './logger';

const x = new Tensor(
  Float32Array.from({ length: 20 }, (_, i) => i / 10),
  [10, 2],
);
const y = new Tensor(
  Float32Array.from({ length: 10 }, (_, i) => i % 2),
  [10, 1],
);

function model() {
  return sequential({ inputShape: [2], seed: 1, layers: [dense(1)] }).compile({
    loss: 'bce-with-logits',
    optimizer: sgd({ learningRate: 0.1 }),
    metrics: ['f1'],
  });
}

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (s: string) => chunks.push(s) } };
}

/** A clock that advances 250 ms per reading, so every bar update is drawn and times are exact. */
function clock() {
  let t = 0;
  return () => (t += 250);
}

describe('progress', () => {
  it('prints one plain line per epoch when the output is not a terminal, with the logged values', async () => {
    const { chunks, stream } = capture(false);
    const m = model();
    const logger = progressLogger({ verbose: 1, epochs: 2, stepsPerEpoch: 3, stream, now: clock() });
    const h = await m.fit(x, y, { epochs: 2, batchSize: 4, callbacks: [logger] });
    expect(chunks).toHaveLength(2);
    const e = h.epochs[1];
    expect(chunks[1]).toBe(
      `epoch 2/2 - 3 steps - 250ms - loss: ${formatNumber(e.loss)} - accuracy: ${formatNumber(e.accuracy as number)} - f1: ${formatNumber(e.metrics?.f1 as number)}\n`,
    );
  });

  it('draws a bar in place on a terminal (step/total, running loss, ETA), then the epoch line', async () => {
    const { chunks, stream } = capture(true);
    const losses: number[] = [];
    const m = model();
    const logger = progressLogger({ verbose: 1, epochs: 1, stepsPerEpoch: 3, stream, now: clock() });
    await m.fit(x, y, { epochs: 1, batchSize: 4, onBatchEnd: (i) => void losses.push(i.loss), callbacks: [logger] });
    expect(chunks).toHaveLength(4);
    // batch 0 starts the clock at 500 ms (begin read 250), its draw reads 750: 250 ms for 1 step → ETA 500ms for 2
    expect(chunks[0]).toBe(`\repoch 1/1 1/3 [======>.............] - loss: ${formatNumber(losses[0])} - ETA 500ms\x1b[K`);
    expect(chunks[1]).toContain(`2/3 [=============>......] - loss: ${formatNumber((losses[0] + losses[1]) / 2)}`);
    expect(chunks[2]).toContain('3/3 [====================]');
    expect(chunks[3].startsWith('\repoch 1/1 - 3 steps - ')).toBe(true);
    expect(chunks[3].endsWith('\x1b[K\n')).toBe(true);
  });

  it('verbose 2 prints lines on a terminal too; fit({ verbose }) writes to process.stdout; 0 writes nothing', async () => {
    const { chunks, stream } = capture(true);
    await model().fit(x, y, {
      epochs: 2,
      batchSize: 4,
      callbacks: [progressLogger({ verbose: 2, epochs: 2, stepsPerEpoch: 3, stream })],
    });
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.startsWith('epoch ') && c.endsWith('\n'))).toBe(true);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await model().fit(x, y, { epochs: 3, batchSize: 4, verbose: 2 });
      await model().fit(x, y, { epochs: 3, batchSize: 4 });
      expect(write.mock.calls.map((c) => String(c[0]).slice(0, 9))).toEqual(['epoch 1/3', 'epoch 2/3', 'epoch 3/3']);
    } finally {
      write.mockRestore();
    }
    await expect(model().fit(x, y, { epochs: 1, verbose: 3 as never })).rejects.toThrow(/verbose must be 0, 1, 2/);
  });

  it('a stream has no step total: the bar shows the step count, the epoch line the steps taken', async () => {
    const { chunks, stream } = capture(true);
    const batches = [0, 4, 8].map((s) => ({
      x: new Tensor(x.data.slice(s * 2, (s + 4) * 2), [Math.min(4, 10 - s), 2]),
      y: new Tensor(y.data.slice(s, s + 4), [Math.min(4, 10 - s), 1]),
    }));
    const logger = progressLogger({ verbose: 1, epochs: 1, stream, now: clock() });
    await model().fit(batches, { epochs: 1, callbacks: [logger] });
    expect(chunks.slice(0, 3).map((c) => c.slice(0, 17))).toEqual([
      '\repoch 1/1 step 1',
      '\repoch 1/1 step 2',
      '\repoch 1/1 step 3',
    ]);
    expect(chunks[0]).not.toContain('ETA');
    expect(chunks[3]).toContain('epoch 1/1 - 3 steps - ');
  });

  it('formats numbers and durations', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(185000)).toBe('3m05s');
  });
});
