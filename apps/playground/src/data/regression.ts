import type { RegressionSet } from '../state/types';

/** A target function on [-1, 1]² with values in [-1, 1]. */
export type RegressionTarget = (x: number, y: number) => number;

/** A tilted plane: (x + y) / 2. */
const plane: RegressionTarget = (x, y) => (x + y) / 2;

const bumpCenters = [
  [-0.5, -0.5, 1],
  [0.5, 0.5, 1],
  [-0.5, 0.5, -1],
  [0.5, -0.5, -1],
] as const;

/** Four Gaussian bumps, two up and two down. */
const bumps: RegressionTarget = (x, y) => {
  let v = 0;
  for (const [cx, cy, sign] of bumpCenters) {
    const d2 = (x - cx) ** 2 + (y - cy) ** 2;
    v += sign * Math.exp(-d2 / 0.08);
  }
  return Math.max(-1, Math.min(1, v));
};

/** The target of each regression set. */
export const regressionTargets: Readonly<Record<RegressionSet, RegressionTarget>> = { plane, bumps };
