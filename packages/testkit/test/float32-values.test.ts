import { describe, expect, it } from 'vitest';
import { FLOAT32_EDGES, firstDifference, mixedFloat32, runActivation } from '../src/index';

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

describe('runActivation', () => {
  it('runs forward and backward on one channel, with learnables at their init', async () => {
    const { defineActivation } = await import('@rectify/core');
    const scaled = defineActivation({
      name: 'scaled-test',
      apiVersion: 1,
      learnable: { k: { size: () => 1, init: () => 3 } },
      cpu: {
        forward(x, y, { length, params }) {
          for (let i = 0; i < length; i++) y[i] = params.k[0] * x[i];
        },
        backward(x, _y, dy, dx, { length, params, grads }) {
          for (let i = 0; i < length; i++) {
            dx[i] = params.k[0] * dy[i];
            grads.k[0] += x[i] * dy[i];
          }
        },
      },
    });
    expect(runActivation(scaled, [1, -2])).toEqual({ y: [3, -6], dx: [3, 3] });
    expect(runActivation(scaled, [1, -2], scaled.resolve(), [0.5, 2])).toEqual({ y: [3, -6], dx: [1.5, 6] });
  });
});
