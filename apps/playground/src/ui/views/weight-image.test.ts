import { describe, expect, it } from 'vitest';
import { barBaseline, classBars, maxAbs, weightImageRgba } from './weight-image';

/** RGBA of pixel k. */
const px = (out: Uint8ClampedArray, k: number): number[] => Array.from(out.subarray(4 * k, 4 * k + 4));

describe('MNIST weight images', () => {
  it('maps weights to the diverging colours, scaled per unit to its largest |w| (hand-computed)', () => {
    // Unit 1 of two 4-weight units: [0.5, -1, 0.25, 0]; its scale is 1 whatever unit 0 holds.
    const w = new Float32Array([9, 9, 9, 9, 0.5, -1, 0.25, 0]);
    const out = new Uint8ClampedArray(16);
    expect(weightImageRgba(w, 4, 4, out)).toBe(1);
    // Blue (8, 119, 189) at half strength: 255 + (c − 255) · 0.5, rounded.
    expect(px(out, 0)).toEqual([132, 187, 222, 255]);
    // Full orange (245, 147, 34) at −scale.
    expect(px(out, 1)).toEqual([245, 147, 34, 255]);
    // Quarter blue: 255 − 247/4 = 193.25, 255 − 136/4 = 221, 255 − 66/4 = 238.5.
    expect(px(out, 2)).toEqual([193, 221, 239, 255]);
    expect(px(out, 3)).toEqual([255, 255, 255, 255]);
  });

  it('is symmetric around 0: w and −w get the same strength of opposite colours', () => {
    const w = new Float32Array([0.3, -0.3, 0.6, -0.6]);
    const out = new Uint8ClampedArray(16);
    expect(weightImageRgba(w, 0, 4, out)).toBeCloseTo(0.6, 6);
    // ±0.3 of scale 0.6 is half strength: blue (132, 187, 222), orange 255 + (c − 255)/2 = (250, 201, 145).
    expect(px(out, 0)).toEqual([132, 187, 222, 255]);
    expect(px(out, 1)).toEqual([250, 201, 145, 255]);
    expect(px(out, 2)).toEqual([8, 119, 189, 255]);
    expect(px(out, 3)).toEqual([245, 147, 34, 255]);
  });

  it('takes a given scale (per layer) and clips beyond it; an all-zero unit is white', () => {
    const out = new Uint8ClampedArray(8);
    expect(weightImageRgba(new Float32Array([4, -0.5]), 0, 2, out, 2)).toBe(2);
    expect(px(out, 0)).toEqual([8, 119, 189, 255]);
    // −0.5 / 2 = −0.25: 255 − 10/4 = 252.5, 255 − 108/4 = 228, 255 − 221/4 = 199.75.
    expect(px(out, 1)).toEqual([253, 228, 200, 255]);
    expect(weightImageRgba(new Float32Array([0, 0]), 0, 2, out)).toBe(0);
    expect(px(out, 0)).toEqual([255, 255, 255, 255]);
    expect(maxAbs(new Float32Array([1, -3, 2]), 0, 3)).toBe(3);
  });
});

describe('per-digit bars', () => {
  it('stands non-negative bars on the bottom edge, the largest filling the height', () => {
    const bars = classBars([0, 2, 1, 4], 40, 20);
    expect(bars.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 20, 9, 0],
      [10, 10, 9, 10],
      [20, 15, 9, 5],
      [30, 0, 9, 20],
    ]);
  });

  it('puts the baseline in the middle when a mean is negative, and skips a class with no rows', () => {
    const bars = classBars([-2, 1, Number.NaN], 30, 20);
    // Largest |value| 2 fills half the height (10 px); −2 hangs below the middle, 1 stands 5 px above it.
    expect(bars.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 10, 9, 10],
      [10, 5, 9, 5],
      [20, 10, 9, 0],
    ]);
    expect(barBaseline([-2, 1, Number.NaN], 20)).toBe(10);
    expect(barBaseline([0, 0], 20)).toBe(20);
  });
});
