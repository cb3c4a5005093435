import { describe, expect, it } from 'vitest';
import { RowBlockViews } from './row-block-views';

describe('RowBlockViews', () => {
  it('splits the first rows into consecutive blocks over the same memory, the last taking the remainder', () => {
    const data = new Float32Array(40).map((_, i) => i);
    const views = new RowBlockViews(3, 4).of(data, 11);
    // ⌊11 / 4⌋ = 2 blocks: rows 0–3 and rows 4–10.
    expect(views.map((v) => v.length)).toEqual([12, 21]);
    expect(views[0].buffer).toBe(data.buffer);
    expect(Array.from(views[1].slice(0, 2))).toEqual([12, 13]);
    expect(views[1][20]).toBe(32);
  });

  it('gives one block when there are fewer rows than a block', () => {
    expect(new RowBlockViews(5, 8).of(new Float32Array(50), 3).map((v) => v.length)).toEqual([15]);
  });

  it('hands out the same view objects again for the same source and row count', () => {
    const blocks = new RowBlockViews(2, 2);
    const data = new Float32Array(20);
    const first = blocks.of(data, 8);
    expect(blocks.of(data, 8)).toBe(first);
    const fewer = blocks.of(data, 5);
    expect(fewer).not.toBe(first);
    expect(fewer.map((v) => v.length)).toEqual([4, 6]);
  });
});
