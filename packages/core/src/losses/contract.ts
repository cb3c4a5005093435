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
  /**
   * Throws a ValidationError (code `INVALID_TARGET`) naming `what`, the row and the value when `target` holds values
   * this loss is not defined for (e.g. outside [0, 1] for binary cross-entropy), which would otherwise train to
   * meaningless, even negative, losses. Called on the targets of `fit`, `evaluate` and `trainBatch` before training.
   * Optional: a loss without it accepts any finite target.
   */
  checkTargets?(target: Float32Array, rows: number, cols: number, what: string): void;
}
