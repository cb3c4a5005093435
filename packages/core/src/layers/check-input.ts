import { ShapeError, ValidationError } from '../errors';
import type { Tensor } from '../tensor';

/**
 * Throws a ShapeError naming the layer and both shapes unless `x` is `[batch, ...sampleShape]` with batch ≥ 1.
 * Does not allocate when the shape is right.
 */
export function checkBatchInput(layer: string, x: Tensor, sampleShape: readonly number[]): void {
  const shape = x.shape;
  let ok = shape.length === sampleShape.length + 1 && shape[0] >= 1;
  for (let i = 0; ok && i < sampleShape.length; i++) ok = shape[i + 1] === sampleShape[i];
  if (!ok) {
    throw new ShapeError(
      `${layer}: got input of shape [${shape.join(', ')}] but the layer expects [batch, ${sampleShape.join(', ')}]; reshape the input or fix the model's inputShape`,
    );
  }
}

/** Throws when a layer is used before `build` or built twice. */
export function checkBuilt(layer: string, built: boolean, wanted: boolean): void {
  if (built === wanted) return;
  throw new ValidationError(
    wanted
      ? `${layer}: the layer is not built yet; put it in a model (sequential) or call build(inputShape, ctx) first`
      : `${layer}: the layer is already built (layers cannot be shared between models); create a new layer for each model`,
    wanted ? 'NOT_BUILT' : 'ALREADY_BUILT',
  );
}
