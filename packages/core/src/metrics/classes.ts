import { ValidationError } from '../errors';
import type { MetricContext } from './contract';

/**
 * The class of one row of outputs: argmax (first maximum) for several outputs; for a single output, 1 when it is
 * above the decision threshold (0 for a `bce-with-logits` logit, which is probability 0.5; 0.5 otherwise).
 */
export function predictedClass(pred: Float32Array, row: number, cols: number, threshold: number): number {
  if (cols === 1) return pred[row] > threshold ? 1 : 0;
  const o = row * cols;
  let best = 0;
  for (let j = 1; j < cols; j++) if (pred[o + j] > pred[o + best]) best = j;
  return best;
}

/** The class of one row of targets: argmax of one-hot / probability rows, `target > 0.5` for a single output. */
export function targetClass(target: Float32Array, row: number, cols: number): number {
  return predictedClass(target, row, cols, 0.5);
}

/** The decision threshold on a single output: 0 for logits (`bce-with-logits`), 0.5 for probabilities. */
export function thresholdFor(context: MetricContext): number {
  return context.lossName === 'bce-with-logits' ? 0 : 0.5;
}

/** Number of classes a classification metric sees: 2 for a single (binary) output, else the outputs. */
export function classCount(metric: string, context: MetricContext): number {
  if (!Number.isInteger(context.cols) || context.cols < 1) {
    throw new ValidationError(`${metric}: the model must have at least one output, got ${context.cols}`);
  }
  return context.cols === 1 ? 2 : context.cols;
}
