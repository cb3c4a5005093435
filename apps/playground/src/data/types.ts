/** Samples as flat row-major arrays. */
export interface Split {
  /** `[n, inputDim]` row-major. */
  readonly x: Float32Array;
  /** `[n, outputDim]` row-major: 0/1 for two classes, one-hot for MNIST, the target value for regression. */
  readonly y: Float32Array;
  readonly n: number;
}

/** What a task asks of the network. */
export type TaskKind = 'binary' | 'multiclass' | 'regression';

/** A data set split into train and test parts. */
export interface Dataset {
  readonly name: string;
  readonly task: TaskKind;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly train: Split;
  readonly test: Split;
}

/** A generated 2-D point with its target. */
export interface Point2 {
  x: number;
  y: number;
  target: number;
}
