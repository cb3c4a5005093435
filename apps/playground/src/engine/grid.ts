import { Tensor } from '@rectify/core';
import { expandFeatures } from '../data/features';
import type { FeatureName } from '../state/types';

/** Half-width of the square of the plane the heatmaps show: [-GRID_EXTENT, GRID_EXTENT]². */
export const GRID_EXTENT = 1.25;

/**
 * Points of a `res × res` grid over the shown square, row by row from the top (y = +extent) down, as the model
 * reads them: `[x₁, x₂, ...features]` per row.
 */
export function gridInputs(res: number, features: readonly FeatureName[] = []): Tensor {
  const data = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    const y = GRID_EXTENT - ((r + 0.5) / res) * 2 * GRID_EXTENT;
    for (let c = 0; c < res; c++) {
      const x = -GRID_EXTENT + ((c + 0.5) / res) * 2 * GRID_EXTENT;
      data[2 * (r * res + c)] = x;
      data[2 * (r * res + c) + 1] = y;
    }
  }
  return new Tensor(expandFeatures(data, res * res, features), [res * res, 2 + features.length]);
}
