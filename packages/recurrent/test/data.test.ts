import { Tensor, ShapeError, ValidationError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { addingProblem, rowsAsSequence } from '../src';

describe('addingProblem', () => {
  it('marks exactly one step in each half and targets the sum of the marked values', () => {
    const T = 11;
    const { x, y } = addingProblem({ samples: 50, length: T, seed: 2 });
    expect(x.shape).toEqual([50, T, 2]);
    expect(y.shape).toEqual([50, 1]);
    const half = Math.floor(T / 2);
    for (let n = 0; n < 50; n++) {
      const marked: number[] = [];
      for (let t = 0; t < T; t++) {
        const v = x.data[(n * T + t) * 2];
        expect(v >= 0 && v < 1).toBe(true);
        const m = x.data[(n * T + t) * 2 + 1];
        expect(m === 0 || m === 1).toBe(true);
        if (m === 1) marked.push(t);
      }
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(half);
      expect(marked[1]).toBeGreaterThanOrEqual(half);
      expect(y.data[n]).toBe(Math.fround(x.data[(n * T + marked[0]) * 2] + x.data[(n * T + marked[1]) * 2]));
    }
  });

  it('always answering 1 scores MSE ≈ 1/6 (the baseline of Le et al.)', () => {
    const { y } = addingProblem({ samples: 20000, length: 100, seed: 5 });
    let sum = 0;
    for (const v of y.data) sum += (v - 1) ** 2;
    // the sample mean of (s − 1)², variance 1/6 and fourth moment 1/15: standard error ≈ 0.0015
    expect(Math.abs(sum / y.data.length - 1 / 6)).toBeLessThan(0.006);
  });

  it('is seeded, and rejects bad sizes', () => {
    const a = addingProblem({ samples: 4, length: 20, seed: 9 });
    const b = addingProblem({ samples: 4, length: 20, seed: 9 });
    const c = addingProblem({ samples: 4, length: 20, seed: 10 });
    expect(a.x.data).toEqual(b.x.data);
    expect(a.x.data).not.toEqual(c.x.data);
    expect(() => addingProblem({ samples: 0, length: 10 })).toThrow(ValidationError);
    expect(() => addingProblem({ samples: 2, length: 1 })).toThrow(/length must be an integer >= 2/);
    expect(() => addingProblem({ samples: 2 ** 20, length: 2 ** 10 })).toThrow(ShapeError);
  });
});

describe('rowsAsSequence', () => {
  it('reads flattened 28x28 images as 28 steps of 28 pixels, row 0 first, without copying', () => {
    const images = new Tensor(
      Float32Array.from({ length: 2 * 784 }, (_, i) => i),
      [2, 784],
    );
    const seq = rowsAsSequence(images);
    expect(seq.shape).toEqual([2, 28, 28]);
    expect(seq.data).toBe(images.data);
    // sample 1, step 5, pixel 3 is row 5, column 3 of image 1
    expect(seq.data[(1 * 28 + 5) * 28 + 3]).toBe(784 + 5 * 28 + 3);
    expect(() => rowsAsSequence(new Tensor(new Float32Array(700), [1, 700]))).toThrow(/\[N, 784\]/);
  });
});
