import { ShapeError } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { BatchNormRunner } from './runner';

function runner(spatial: number) {
  const one = () => new Float32Array([1, 1]);
  return new BatchNormRunner(
    2,
    spatial,
    { eps: 1e-5, momentum: 0.1 },
    { weight: one(), bias: one() },
    { weight: one(), bias: one() },
    { mean: one(), variance: one() },
  );
}

describe('BatchNormRunner', () => {
  it('refuses to train on one value per channel with a ShapeError that names the fix', () => {
    expect(() => runner(1).forward(new Float32Array(2), 1, true, new Float32Array(2))).toThrow(ShapeError);
    expect(() => runner(1).forward(new Float32Array(2), 1, true, new Float32Array(2))).toThrow(/at least 2, or use layer-norm/);
  });

  it('accepts one sample when it has several values per channel, and one sample in inference', () => {
    const y = new Float32Array(6);
    runner(3).forward(
      new Float32Array(6).map((_, i) => i),
      1,
      true,
      y,
    );
    // channel 0 holds 0, 1, 2: mean 1, biased variance 2/3; weight 1, bias 1.
    expect(y[0]).toBeCloseTo(1 - 1 / Math.sqrt(2 / 3 + 1e-5), 5);
    const y2 = new Float32Array(2);
    runner(1).forward(new Float32Array([1, 2]), 1, false, y2);
    expect(Array.from(y2)).toEqual([Math.fround(1), Math.fround(1 + 1 / Math.sqrt(1 + 1e-5))]);
  });
});
