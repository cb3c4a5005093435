import { FEATURES, modelInputDim } from '../../data/features';
import { isRegressionSet } from '../../data/generate';
import { BARS_CLASSES } from '../../data/images';
import { MNIST_PIXELS } from '../../data/mnist';
import { BARS_SIDE } from '../../state/conv-stages';
import type { DatasetName, FeatureName } from '../../state/types';

/** One input or output node of the network drawing. */
export interface IoNode {
  /** Short text on the node. */
  readonly label: string;
  /** Tooltip. */
  readonly title: string;
}

/** The input and output columns of the network drawing for a data set. */
export interface IoLayout {
  /** Features the model reads. */
  readonly inputDim: number;
  /** Values the model outputs. */
  readonly outputDim: number;
  /** One node per input feature, or one block standing for all of them (MNIST's pixels). */
  readonly inputs: readonly IoNode[];
  /** True when `inputs` is a single block for many features (its lines show each unit's weight norm). */
  readonly inputBlock: boolean;
  readonly outputs: readonly IoNode[];
}

/**
 * Inputs and outputs of the model the playground builds for a data set: 2 → 1 for the plane sets (one more input
 * per input feature), 784 → 10 for MNIST, 144 → 4 for bars and stripes.
 */
export function ioLayout(name: DatasetName, features: readonly FeatureName[] = []): IoLayout {
  if (name === 'mnist') {
    return {
      inputDim: MNIST_PIXELS,
      outputDim: 10,
      inputBlock: true,
      inputs: [{ label: '784 pixels', title: 'the 28 × 28 = 784 pixels of a digit; lines show each unit’s ‖w‖' }],
      outputs: Array.from({ length: 10 }, (_, d) => ({ label: String(d), title: `output ${d}: logit of digit ${d}` })),
    };
  }
  if (name === 'bars') {
    return {
      inputDim: BARS_SIDE * BARS_SIDE,
      outputDim: BARS_CLASSES.length,
      inputBlock: true,
      inputs: [
        {
          label: `${BARS_SIDE * BARS_SIDE} pixels`,
          title: `the ${BARS_SIDE} × ${BARS_SIDE} pixels of an image; lines show each unit’s ‖w‖`,
        },
      ],
      outputs: BARS_CLASSES.map((c, k) => ({ label: String(k), title: `output ${k}: logit of ${c}` })),
    };
  }
  const regression = isRegressionSet(name);
  return {
    inputDim: modelInputDim({ inputDim: 2 }, features),
    outputDim: 1,
    inputBlock: false,
    inputs: [
      { label: 'x₁', title: 'input x₁ (horizontal axis of the plane)' },
      { label: 'x₂', title: 'input x₂ (vertical axis of the plane)' },
      ...features.map((f) => ({ label: FEATURES[f].label, title: FEATURES[f].title })),
    ],
    outputs: [
      regression
        ? { label: 'ŷ', title: 'output: the predicted value' }
        : { label: 'p', title: 'output: the logit of the blue class (p after the sigmoid)' },
    ],
  };
}
