import type { FitOptions } from '../model/types';
import type { Targets } from '../targets/contract';
import type { Tensor } from '../tensor';

/** One batch of a stream: inputs `[rows, ...inputShape]` and their targets (a tensor or class indices). */
export interface Batch {
  /** Inputs. */
  readonly x: Tensor;
  /** Targets, as `fit` takes them. */
  readonly y: Targets;
}

/**
 * Batches for streaming `fit`: an async (or sync) iterable of batches, or a function returning a fresh one. Each
 * epoch iterates it anew, so a one-shot generator must be given as a function (`() => readBatches(file)`).
 */
export type BatchSource = AsyncIterable<Batch> | Iterable<Batch> | (() => AsyncIterable<Batch> | Iterable<Batch>);

/** Options of streaming `fit(source, options)`: those of `fit(x, y)` that apply, plus the stream's own. */
export interface StreamFitOptions
  extends Omit<FitOptions, 'validationSplit' | 'validationData' | 'shuffle' | 'batchSize' | 'lossEvery'> {
  /**
   * Rows held in a shuffle buffer (as `tf.data`'s `shuffle(bufferSize)`): each row out is drawn at random from the
   * buffer, seeded by the model's shuffle stream. Default 0: rows train in the order they arrive.
   */
  readonly shuffleBuffer?: number;
  /** Rows per training step. Default: the batches as they arrive, or 32 with a shuffle buffer. The loss is read every step. */
  readonly batchSize?: number;
  /** Validation batches, scored after every epoch (loss, accuracy and the compiled metrics). */
  readonly validationData?: BatchSource;
}
