/** Where progress goes: `process.stdout` in Node, or anything with `write` (tests, a log file). */
export interface ProgressStream {
  /** True on a terminal: a live bar is drawn with carriage returns. */
  readonly isTTY?: boolean;
  /** Terminal width, to keep the bar on one line. */
  readonly columns?: number;
  /** Writes text as is. */
  write(text: string): unknown;
}

/**
 * How much `fit` prints, as Keras's `verbose`: 0 (default) nothing; 1 a live bar per epoch on a terminal (step/total,
 * loss, ETA) and one line per epoch when the output is not a terminal; 2 one line per epoch. Browsers print nothing.
 */
export type Verbosity = 0 | 1 | 2;
