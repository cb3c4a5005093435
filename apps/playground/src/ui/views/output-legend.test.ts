import { describe, expect, it } from 'vitest';
import { axisTicks, legendGradient, legendStops, outputShade } from './output-legend';

const shade = (v: number, task: string): number[] => {
  const out = new Uint8ClampedArray(4);
  outputShade(v, task, out, 0);
  return Array.from(out.subarray(0, 3));
};

describe('the output legend and axes', () => {
  it('colours p = 0 orange at 80 %, p = 0.5 white and p = 1 blue at 80 %, as the heatmap draws them', () => {
    // 255 + (245 − 255)·0.8 = 247, 255 + (147 − 255)·0.8 = 168.6, 255 + (34 − 255)·0.8 = 78.2
    expect(shade(0, 'binary')).toEqual([247, 169, 78]);
    expect(shade(0.5, 'binary')).toEqual([255, 255, 255]);
    // 255 + (8 − 255)·0.8 = 57.4, 255 + (119 − 255)·0.8 = 146.2, 255 + (189 − 255)·0.8 = 202.2
    expect(shade(1, 'binary')).toEqual([57, 146, 202]);
  });

  it('labels both ends and the middle; regression saturates at ±1.25, where the legend ends', () => {
    expect(legendStops('binary').stops.map((s) => s.label)).toEqual(['p = 0 (orange class)', '0.5', '1 (blue class)']);
    const r = legendStops('regression');
    expect([r.from, r.to]).toEqual([-1.25, 1.25]);
    expect(r.stops.map((s) => s.label)).toEqual(['ŷ ≤ −1.25', '0', '≥ 1.25']);
    expect(shade(1.25, 'regression')).toEqual([8, 119, 189]);
    expect(shade(5, 'regression')).toEqual([8, 119, 189]);
    expect(shade(-1.25, 'regression')).toEqual([245, 147, 34]);
  });

  it('draws the gradient from the same colours, end to end', () => {
    const g = legendGradient('binary', 0, 1, 4);
    expect(g).toBe(
      'linear-gradient(to right, rgb(247, 169, 78) 0.0%, rgb(251, 212, 167) 25.0%, rgb(255, 255, 255) 50.0%, rgb(156, 201, 229) 75.0%, rgb(57, 146, 202) 100.0%)',
    );
  });

  it('puts the ticks −1, 0, 1 where they fall on the plane shown, [−1.25, 1.25]', () => {
    expect(axisTicks()).toEqual([
      { value: -1, at: 10 },
      { value: 0, at: 50 },
      { value: 1, at: 90 },
    ]);
  });
});
