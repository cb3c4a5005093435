import { ShapeError } from '../errors';
import { type Tensor, assertFinite } from '../tensor';

function matches(t: Tensor, sample: readonly number[]): boolean {
  if (t.shape.length !== sample.length + 1 || t.shape[0] < 1) return false;
  for (let i = 0; i < sample.length; i++) if (t.shape[i + 1] !== sample[i]) return false;
  return true;
}

/**
 * Checks that `x` is `[rows, ...inputShape]`, `y` is `[rows, ...outputShape]` with the same rows, and both finite.
 * Errors name the operation, both shapes and the fix.
 */
export function checkData(op: string, x: Tensor, y: Tensor, inputShape: readonly number[], outputShape: readonly number[]): void {
  if (!matches(x, inputShape)) {
    throw new ShapeError(
      `${op}: x has shape [${x.shape.join(', ')}] but the model takes [batch, ${inputShape.join(', ')}]; reshape x or change inputShape`,
    );
  }
  if (!matches(y, outputShape)) {
    throw new ShapeError(
      `${op}: y has shape [${y.shape.join(', ')}] but the model outputs [batch, ${outputShape.join(', ')}]; give one target per output (one-hot for classes)`,
    );
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `${op}: x has ${x.shape[0]} rows (shape [${x.shape.join(', ')}]) but y has ${y.shape[0]} (shape [${y.shape.join(', ')}]); give one target row per input row`,
    );
  }
  assertFinite(`${op}: x`, x.data);
  assertFinite(`${op}: y`, y.data);
}

/** Checks that `x` is `[rows, ...inputShape]` (NaN in gives NaN out, so values are not checked). */
export function checkInput(op: string, x: Tensor, inputShape: readonly number[]): void {
  if (!matches(x, inputShape)) {
    throw new ShapeError(
      `${op}: x has shape [${x.shape.join(', ')}] but the model takes [batch, ${inputShape.join(', ')}]; reshape x or change inputShape`,
    );
  }
}
