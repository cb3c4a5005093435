import { describe, expect, it } from 'vitest';
import { expandFeatures } from '../data/features';
import { GRID_EXTENT, gridInputs } from './grid';

describe('the plane grid', () => {
  it('runs row by row from the top left, and carries the input features the model reads', () => {
    const plain = gridInputs(4);
    expect(plain.shape).toEqual([16, 2]);
    expect(plain.data[0]).toBeCloseTo(-GRID_EXTENT + GRID_EXTENT / 4, 6);
    expect(plain.data[1]).toBeCloseTo(GRID_EXTENT - GRID_EXTENT / 4, 6);
    const wide = gridInputs(4, ['x1x2', 'sinx2']);
    expect(wide.shape).toEqual([16, 4]);
    expect(wide.data).toEqual(expandFeatures(plain.data, 16, ['x1x2', 'sinx2']));
    expect(wide.data[2]).toBe(Math.fround(plain.data[0] * plain.data[1]));
  });
});
