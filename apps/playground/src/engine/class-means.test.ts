import { describe, expect, it } from 'vitest';
import { classMeans, classOfRows } from './class-means';

describe('mean activation per class', () => {
  it('averages each unit over the rows of each class (hand-computed)', () => {
    // 4 rows × 3 units; classes 0, 1, 0, 2 of 4 (class 3 has no rows).
    const post = new Float32Array([1, 0, 2, 3, 5, 0, 5, 0, 4, 7, 1, 0]);
    const m = classMeans(post, 4, 3, [0, 1, 0, 2], 4);
    // Unit 0: class 0 → (1 + 5) / 2 = 3, class 1 → 3, class 2 → 7; unit 1: 0, 5, 1; unit 2: 3, 0, 0.
    expect(Array.from(m.subarray(0, 3))).toEqual([3, 3, 7]);
    expect(Number.isNaN(m[3])).toBe(true);
    expect(Array.from(m.subarray(4, 7))).toEqual([0, 5, 1]);
    expect(Array.from(m.subarray(8, 11))).toEqual([3, 0, 0]);
  });

  it('keeps only the drawn units', () => {
    const m = classMeans(new Float32Array([1, 2, 3, 4]), 2, 2, [0, 0], 1, 1);
    expect(Array.from(m)).toEqual([2]);
  });

  it('reads the class of one-hot rows', () => {
    expect(Array.from(classOfRows(new Float32Array([0, 1, 0, 1, 0, 0, 0, 0, 1]), 3, 3))).toEqual([1, 0, 2]);
  });
});
