import { describe, expect, it } from 'vitest';
import { defaultState } from '../state/defaults';
import { MNIST_PIXELS, loadMnist } from './mnist';
import { nodeDigitSource } from './mnist-node';

describe('MNIST from the mnist package', () => {
  it('loads a balanced, one-hot, [0, 1]-valued set and reports progress per digit', async () => {
    const progress: number[] = [];
    const d = await loadMnist(
      { ...defaultState.dataset, name: 'mnist', samples: 200, trainFraction: 0.75 },
      nodeDigitSource,
      (k) => progress.push(k),
    );
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(d.train.n + d.test.n).toBe(200);
    expect(d.train.n).toBe(150);
    const counts = new Array(10).fill(0);
    for (const s of [d.train, d.test]) {
      for (let i = 0; i < s.n; i++) {
        const row = Array.from(s.y.subarray(i * 10, i * 10 + 10));
        expect(row.reduce((a, b) => a + b, 0)).toBe(1);
        counts[row.indexOf(1)]++;
        const px = s.x.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
        expect(Math.min(...px)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...px)).toBeLessThanOrEqual(1);
        expect(Math.max(...px)).toBeGreaterThan(0.5); // an image has ink
      }
    }
    expect(counts).toEqual(new Array(10).fill(20));
  });

  it('names the limit when more samples are asked than a digit has', async () => {
    await expect(loadMnist({ ...defaultState.dataset, name: 'mnist', samples: 100_000 }, nodeDigitSource)).rejects.toThrow(
      /at most/,
    );
  });
});
