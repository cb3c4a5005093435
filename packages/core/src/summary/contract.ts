/** One row of a model summary: a layer (nested layers get their own rows, after their container). */
export interface SummaryRow {
  /** Layer path, e.g. `layers.0` or `layers.2.body.1`. */
  readonly path: string;
  /** The layer's type with its main setting, e.g. `dense(16)` or `activation(relu)`. */
  readonly layer: string;
  /** Per-sample output shape (without the batch dimension). */
  readonly outputShape: readonly number[];
  /** Number of the layer's own parameters (not its children's) that the optimizer updates. */
  readonly trainable: number;
  /** Number of the layer's own parameters that training leaves alone (none of the built-in layers has any). */
  readonly nonTrainable: number;
}

/** What `model.summary()` reports, Keras-style. */
export interface ModelSummary {
  /** Per-sample input shape. */
  readonly inputShape: readonly number[];
  /** One row per layer, depth-first in model order. */
  readonly rows: readonly SummaryRow[];
  /** Sum of `trainable` over the rows. */
  readonly trainable: number;
  /** Sum of `nonTrainable` over the rows. */
  readonly nonTrainable: number;
  /** `trainable + nonTrainable`. */
  readonly total: number;
  /** The summary as a fixed-width table, the form `model.summary()` prints in Node. */
  readonly text: string;
}
