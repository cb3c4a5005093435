import type { FeatureName } from '../state/types';
import type { Dataset, Split } from './types';

/** One input feature: its name on the page and how it is computed from a point (x₁, x₂). */
export interface FeatureDef {
  /** Short label, e.g. `x₁²`. */
  readonly label: string;
  /** What it is, in words, for tooltips and screen readers. */
  readonly title: string;
  readonly of: (x1: number, x2: number) => number;
}

/** Every input feature the page offers (TensorFlow Playground's set beyond x₁ and x₂). */
export const FEATURES: Readonly<Record<FeatureName, FeatureDef>> = {
  x1sq: { label: 'x₁²', title: 'input x₁² (the square of the horizontal coordinate)', of: (x1) => x1 * x1 },
  x2sq: { label: 'x₂²', title: 'input x₂² (the square of the vertical coordinate)', of: (_, x2) => x2 * x2 },
  x1x2: { label: 'x₁x₂', title: 'input x₁·x₂ (the product of the coordinates)', of: (x1, x2) => x1 * x2 },
  sinx1: { label: 'sin(x₁)', title: 'input sin(x₁) (the sine of the horizontal coordinate)', of: (x1) => Math.sin(x1) },
  sinx2: { label: 'sin(x₂)', title: 'input sin(x₂) (the sine of the vertical coordinate)', of: (_, x2) => Math.sin(x2) },
};

/**
 * Rows `[x₁, x₂, ...features]` from `n` points of the plane stored `[n, 2]` row-major: the model's inputs when
 * input features are on. Returns `points` itself when there are none.
 */
export function expandFeatures(points: Float32Array, n: number, features: readonly FeatureName[] = []): Float32Array {
  if (features.length === 0) return points;
  const dim = 2 + features.length;
  const defs = features.map((f) => FEATURES[f].of);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i];
    const x2 = points[2 * i + 1];
    out[i * dim] = x1;
    out[i * dim + 1] = x2;
    for (let k = 0; k < defs.length; k++) out[i * dim + 2 + k] = defs[k](x1, x2);
  }
  return out;
}

/** Inputs of the model for a data set and input features: `2 + features.length` on 2-D sets, else the set's own. */
export function modelInputDim(data: Pick<Dataset, 'inputDim'>, features: readonly FeatureName[] = []): number {
  return data.inputDim === 2 ? 2 + features.length : data.inputDim;
}

/**
 * The data as the model reads it: for a 2-D set with input features, each row is `[x₁, x₂, ...features]` and
 * `inputDim` is `2 + features.length`; otherwise the data itself. The targets are shared, not copied.
 */
export function withFeatures(data: Dataset, features: readonly FeatureName[] = []): Dataset {
  const inputDim = modelInputDim(data, features);
  if (inputDim === data.inputDim) return data;
  const expand = (s: Split): Split => ({ x: expandFeatures(s.x, s.n, features), y: s.y, n: s.n });
  return { ...data, inputDim, train: expand(data.train), test: expand(data.test) };
}
