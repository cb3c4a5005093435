import type { Tensor } from '../tensor';

/**
 * Targets as `fit`, `evaluate` and `trainBatch` take them: a tensor shaped like the outputs, or, for a
 * `softmax-cross-entropy` model, one class index per row (PyTorch's `CrossEntropyLoss` with class targets, Keras's
 * sparse categorical cross-entropy).
 */
export type Targets = Tensor | Int32Array | readonly number[];
