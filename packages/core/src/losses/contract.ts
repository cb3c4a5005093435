/** Names of the built-in losses. */
export type LossName = 'mse' | 'bce-with-logits' | 'softmax-cross-entropy';

/**
 * A loss over a batch. Predictions and targets are `[batch, outputs]`, row-major; targets have the same shape as
 * predictions (one-hot or probabilities for softmax cross-entropy, 0/1 for binary cross-entropy).
 */
export interface Loss {
  /** The loss's name as stored in model JSON, e.g. `mse`. */
  readonly name: LossName | (string & {});
  /**
   * Returns the mean loss over the batch and, when `grad` is given, writes dMeanLoss/dPrediction into it
   * (already divided by the batch size). Must not allocate.
   */
  compute(pred: Float32Array, target: Float32Array, grad: Float32Array | null, rows: number, cols: number): number;
}
