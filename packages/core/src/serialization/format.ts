import type { LayerConfig } from '../layers/contract';
import type { Sequential } from '../model/sequential';
import type { OptimizerConfig, OptimizerState } from '../optimizers/contract';

/** The `format` tag of a Rectify model document. */
export const MODEL_FORMAT = 'rectify-model';

/** The model JSON format version this build writes and reads. */
export const MODEL_FORMAT_VERSION = 1;

/** One parameter tensor: its shape and its float32 values, row-major. */
export interface WeightJSON {
  /** The parameter's dimensions. */
  readonly shape: readonly number[];
  /** Its values, as many as the product of `shape`. */
  readonly data: readonly number[];
}

/** A `GradClip` in model JSON: one of `maxNorm` (with `normType`) and `value`. */
export interface GradClipJSON {
  /** The largest global norm let through (clipping by norm). */
  readonly maxNorm?: number;
  /** The p of the p-norm, `"inf"` for Infinity (clipping by norm). */
  readonly normType?: number | 'inf';
  /** The largest magnitude let through (clipping by value). */
  readonly value?: number;
}

/** What a compiled model needs to continue training where it stopped. */
export interface TrainingJSON {
  /** The loss name, e.g. `bce-with-logits`. */
  readonly loss: string;
  /** The L2 regularisation coefficient. */
  readonly l2: number;
  /** The L1 regularisation coefficient; absent for 0 (files written before L1 existed load unchanged). */
  readonly l1?: number;
  /** The optimizer's type and hyper-parameters. */
  readonly optimizer: OptimizerConfig;
  /**
   * The gradient clipping it was compiled with, as `compile({ clipGrad })` takes it, except that a norm type of
   * Infinity is written `"inf"` (JSON has no Infinity). Absent without clipping.
   */
  readonly clipGrad?: GradClipJSON;
  /** The optimizer's moments and step count, keyed by parameter id (absent when saved without it). */
  readonly optimizerState?: OptimizerState;
  /**
   * Where the model's shuffling stream stands: the four sfc32 words (each an integer in [0, 2^32)) of
   * {@link Sequential.getShuffleState}. With it `fit` after loading shuffles exactly as the saved model would have;
   * without it (documents written before it existed) shuffling restarts from `seed`.
   */
  readonly shuffleState?: readonly [number, number, number, number];
}

/**
 * A saved model: data only. Layer configs name layer plugins and activations name activation plugins; loading looks
 * both up in a {@link Registry}, so nothing in a document is ever executed.
 */
export interface ModelJSON {
  /** Always {@link MODEL_FORMAT}. */
  readonly format: typeof MODEL_FORMAT;
  /** The format version that wrote the document: {@link MODEL_FORMAT_VERSION}. */
  readonly formatVersion: typeof MODEL_FORMAT_VERSION;
  /** Per-sample input shape. */
  readonly inputShape: readonly number[];
  /** The model's seed. */
  readonly seed: number;
  /** Each top-level layer's `config()`. */
  readonly layers: readonly LayerConfig[];
  /** The activation plugins the layers use, by name, with the plugin version that saved them. */
  readonly activations: Readonly<Record<string, string>>;
  /** The npm package of each activation plugin that declares one (`package`), by plugin name. */
  readonly activationPackages?: Readonly<Record<string, string>>;
  /** Every parameter by id (`layers.0.kernel`). */
  readonly weights: Readonly<Record<string, WeightJSON>>;
  /** Every non-trainable state buffer by id (`layers.1.runningMean`); present when some layer has state. */
  readonly state?: Readonly<Record<string, WeightJSON>>;
  /** Present when the model was compiled. */
  readonly training?: TrainingJSON;
}
