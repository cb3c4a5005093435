/** Names of the built-in metrics, accepted by `compile({ metrics })`. */
export type MetricName =
  | 'accuracy'
  | 'binary-accuracy'
  | 'categorical-accuracy'
  | 'precision'
  | 'recall'
  | 'f1'
  | 'mae'
  | 'mse'
  | 'r2';

/** A metric's value: one number, or one per class for the per-class forms. */
export type MetricValue = number | readonly number[];

/** What a metric learns about the model when an evaluation starts. */
export interface MetricContext {
  /** The compiled loss's name: `bce-with-logits` means a single output is a logit (class 1 when > 0). */
  readonly lossName: string;
  /** Outputs per row. */
  readonly cols: number;
}

/** Accumulates a metric over the chunks of one evaluation, in float64. */
export interface MetricAccumulator {
  /** Adds `rows` rows of outputs and targets (`[rows, cols]`, row-major). */
  update(pred: Float32Array, target: Float32Array, rows: number, cols: number): void;
  /** The metric over every row added so far. */
  result(): MetricValue;
}

/** A metric: `create` starts a fresh accumulation for one evaluation. */
export interface Metric {
  /** Its key in `evaluate(...).metrics` and in the epoch logs, e.g. `precision` or `precision-per-class`. */
  readonly name: string;
  /** Starts accumulating; throws a ValidationError when the metric does not fit the model's outputs. */
  create(context: MetricContext): MetricAccumulator;
}

/**
 * How precision, recall and F1 combine classes: `macro` is the unweighted mean over classes, `none` gives one value
 * per class, `binary` scores class 1 of a single-output (binary) model alone, as scikit-learn's default does.
 */
export type ClassAverage = 'macro' | 'none' | 'binary';
