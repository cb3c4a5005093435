import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { oneHot } from './one-hot';

describe('oneHot', () => {
  it('encodes labels as rows with a single 1', () => {
    const t = oneHot(Uint8Array.from([2, 0, 1]), 3);
    expect(t.shape).toEqual([3, 3]);
    expect(t.toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('accepts no labels', () => {
    expect(oneHot([], 4).shape).toEqual([0, 4]);
  });

  it('names a bad label or class count', () => {
    expect(() => oneHot([0, 3], 3)).toThrow(/label 1 is 3/);
    expect(() => oneHot([0, -1], 3)).toThrow(ValidationError);
    expect(() => oneHot([0.5], 3)).toThrow(ValidationError);
    expect(() => oneHot([Number.NaN], 3)).toThrow(ValidationError);
    expect(() => oneHot([0], 0)).toThrow(/classes must be a positive integer/);
  });
});
