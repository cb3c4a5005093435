/**
 * How raw outputs (logits) become probabilities: `softmax` over each row (a `softmax-cross-entropy` model),
 * `sigmoid` on each output (a `bce-with-logits` model, also multi-label).
 */
export type OutputHead = 'softmax' | 'sigmoid';

/** Options of `predictProbabilities` and `predictClasses`. */
export interface PredictHeadOptions {
  /** The head to apply; default the compiled loss's (`softmax-cross-entropy` → softmax, `bce-with-logits` → sigmoid). */
  readonly head?: OutputHead;
}
