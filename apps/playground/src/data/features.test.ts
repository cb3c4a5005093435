import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../state/validate';
import { defaultState } from '../state/defaults';
import { FEATURES, expandFeatures, modelInputDim, withFeatures } from './features';
import { generateDataset } from './generate';
import type { Dataset } from './types';

describe('input features', () => {
  it('computes x₁², x₂², x₁x₂, sin(x₁), sin(x₂) after x₁ and x₂, rounded once to float32 from float64', () => {
    const points = new Float32Array([0.5, -0.25, -1.2, 0.9, 0, 3]);
    const out = expandFeatures(points, 3, FEATURE_NAMES);
    expect(out).toHaveLength(3 * 7);
    for (let i = 0; i < 3; i++) {
      const [a, b] = [points[2 * i], points[2 * i + 1]];
      const want = [a, b, a * a, b * b, a * b, Math.sin(a), Math.sin(b)].map(Math.fround);
      expect(Array.from(out.subarray(7 * i, 7 * i + 7))).toEqual(want);
    }
    expect(out[2]).toBe(0.25);
    expect(out[7 + 5]).toBe(Math.fround(-0.9320390859672263)); // sin(-1.2)
  });

  it('keeps the order asked for, and passes the points through when there are none', () => {
    const points = new Float32Array([2, 3]);
    expect(Array.from(expandFeatures(points, 1, ['sinx2', 'x1x2']))).toEqual([2, 3, Math.fround(Math.sin(3)), 6]);
    expect(expandFeatures(points, 1, [])).toBe(points);
    expect(FEATURES.x1x2.label).toBe('x₁x₂');
  });

  it('gives the model its inputs: 2 + features on the plane sets, the data itself otherwise', () => {
    const data = generateDataset(defaultState.dataset);
    const wide = withFeatures(data, ['x1sq', 'x2sq']);
    expect(wide.inputDim).toBe(4);
    expect(wide.train.x).toHaveLength(data.train.n * 4);
    expect(wide.train.y).toBe(data.train.y);
    expect(wide.test.x[4 * 3 + 3]).toBe(Math.fround(data.test.x[2 * 3 + 1] ** 2));
    expect(withFeatures(data, [])).toBe(data);
    const digits = { ...data, inputDim: 784 } as Dataset;
    expect(withFeatures(digits, ['x1sq'])).toBe(digits);
    expect(modelInputDim(digits, ['x1sq'])).toBe(784);
    expect(modelInputDim(data, FEATURE_NAMES)).toBe(7);
  });
});
