import { describe, expect, it } from 'vitest';
import { FLOAT32_EDGES, firstDifference, mixedFloat32 } from '../src/index';

describe('mixedFloat32', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = mixedFloat32(1000, 7);
    expect(firstDifference(a, mixedFloat32(1000, 7))).toBe(-1);
    expect(firstDifference(a, mixedFloat32(1000, 8))).toBeGreaterThanOrEqual(0);
  });

  it('covers every edge value with both signs, NaN, subnormals and large magnitudes', () => {
    const x = Array.from(mixedFloat32(20000, 3));
    for (const v of FLOAT32_EDGES) {
      expect(x.some((e) => Object.is(e, v))).toBe(true);
      expect(x.some((e) => Object.is(e, -v))).toBe(true);
    }
    expect(x.some((e) => e !== 0 && Math.abs(e) < 1.1754943508222875e-38)).toBe(true);
    expect(x.some((e) => Math.abs(e) > 1e30 && Number.isFinite(e))).toBe(true);
  });

  it('adds the extra values, rounded to float32', () => {
    const x = Array.from(mixedFloat32(5000, 11, [0.1]));
    expect(x).toContain(Math.fround(0.1));
  });
});

describe('firstDifference', () => {
  it('tells −0 from +0, treats NaN as equal to NaN, and flags different lengths', () => {
    expect(firstDifference([1, Number.NaN, 0], [1, Number.NaN, 0])).toBe(-1);
    expect(firstDifference([1, 2, 0], [1, 2, -0])).toBe(2);
    expect(firstDifference([1], [1, 2])).toBe(-2);
  });
});
