import type { Backend } from '../backend/contract';
import type { Callback } from '../callbacks/contract';
import type { GradClip, ResolvedGradClip } from '../clipping/contract';
import type { Layer } from '../layers/contract';
import type { Loss, LossName } from '../losses/contract';
import type { Metric, MetricName, MetricValue } from '../metrics/contract';
import type { Optimizer, OptimizerConfig } from '../optimizers/contract';
import type { Registry } from '../registry';
import type { Tensor } from '../tensor';

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Per-sample input shape, e.g. `[2]` for points in the plane. */
  readonly inputShape: readonly number[];
  /** The layers, applied in order. Each layer object belongs to one model. */
  readonly layers: readonly Layer[];
  /** Seed of the weight initialisation and the shuffling (an integer in [0, 2^32)). Default 0. */
  readonly seed?: number;
  /** Where activations named by string are looked up. Default {@link defaultRegistry}. */
  readonly registry?: Registry;
  /**
   * Most parameter values the model may hold, counted at every depth while the layers are built, before each
   * parameter is allocated: going over is a ValidationError (code `TOO_MANY_PARAMETERS`) naming the layer, the
   * parameter and its size. Default `DEFAULT_MAX_PARAMETERS` (2^24).
   */
  readonly maxParameters?: number;
}

/** Options of `Sequential.compile`. */
export interface CompileOptions {
  /** A built-in loss name or a {@link Loss}. */
  readonly loss: LossName | Loss;
  /** An optimizer (`adam({ learningRate: 0.01 })`) or its JSON config. */
  readonly optimizer: Optimizer | OptimizerConfig;
  /** L2 regularisation strength: adds `l2·Σw²` over weights with `decay: true` to the loss. Default 0. */
  readonly l2?: number;
  /**
   * L1 regularisation strength: adds `l1·Σ|w|` over weights with `decay: true` to the loss (gradient `l1·sign(w)`,
   * 0 at w = 0, as PyTorch's autograd of `abs`). Drives weights to exactly 0 as training goes on. Default 0.
   */
  readonly l1?: number;
  /**
   * Gradient clipping before every optimizer update (after the `l1` and `l2` terms): `{ maxNorm, normType? }` as PyTorch's
   * `clip_grad_norm_`, or `{ value }` as `clip_grad_value_`. Default none. The pre-clip norm is `model.gradNorm()`.
   */
  readonly clipGrad?: GradClip;
  /** Where the model runs. Default `cpuBackend()`. */
  readonly backend?: Backend;
  /** Metrics that `evaluate` and the epoch logs report, e.g. `['accuracy', 'f1', precision({ average: 'none' })]`. */
  readonly metrics?: readonly (MetricName | Metric)[];
}

/** What `compile` settled on. */
export interface TrainingSetup {
  /** The resolved loss. */
  readonly loss: Loss;
  /** The optimizer instance (built from its config when a config was given). */
  readonly optimizer: Optimizer;
  /** L2 regularisation strength. */
  readonly l2: number;
  /** L1 regularisation strength. */
  readonly l1: number;
  /** The gradient clipping, validated, or null for none. */
  readonly clipGrad: ResolvedGradClip | null;
  /** The backend the model trains on. */
  readonly backend: Backend;
  /** The compiled metrics (empty when none were asked for). */
  readonly metrics: readonly Metric[];
}

/** Result of `Sequential.evaluate`. */
export interface EvaluateResult {
  /** Mean loss over the rows, plus the L1 and L2 penalties when compiled with them (as in training). */
  readonly loss: number;
  /**
   * Fraction of rows classified right: argmax of outputs vs argmax of targets when there are several outputs;
   * `logit > 0` vs `target > 0.5` for one output with `bce-with-logits`. Absent for `mse`.
   */
  readonly accuracy?: number;
  /** The compiled metrics by name (absent when `compile` was given none). */
  readonly metrics?: Readonly<Record<string, MetricValue>>;
}

/** Passed to `onBatchEnd` after each training step. */
export interface BatchEndInfo {
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** Batch index within the epoch, from 0. */
  readonly batch: number;
  /** Steps completed in this `fit` call, from 1. */
  readonly step: number;
  /** The step's loss, or NaN when it was not read (see `lossEvery`). */
  readonly loss: number;
}

/** One completed epoch. */
export interface EpochLog {
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** Mean of the training losses read during the epoch (including the L2 penalty). */
  readonly loss: number;
  /** Accuracy on the training rows at the end of the epoch, for classification losses. */
  readonly accuracy?: number;
  /** Loss on the validation rows at the end of the epoch. */
  readonly valLoss?: number;
  /** Accuracy on the validation rows at the end of the epoch, for classification losses. */
  readonly valAccuracy?: number;
  /** The compiled metrics on the training rows at the end of the epoch (as `accuracy`, not a running mean). */
  readonly metrics?: Readonly<Record<string, MetricValue>>;
  /** The compiled metrics on the validation rows at the end of the epoch. */
  readonly valMetrics?: Readonly<Record<string, MetricValue>>;
}

/** Options of `Sequential.fit`. */
export interface FitOptions {
  /** Passes over the training rows. */
  readonly epochs: number;
  /** Rows per step. Default 32 (the last batch of an epoch may be smaller). */
  readonly batchSize?: number;
  /** Shuffle the training rows every epoch (seeded by the model's seed). Default true. */
  readonly shuffle?: boolean;
  /** Fraction in [0, 1) of the rows, taken from the END (Keras-style), held out for validation. */
  readonly validationSplit?: number;
  /** Separate validation rows; exclusive with `validationSplit`. */
  readonly validationData?: readonly [Tensor, Tensor];
  /** Stops training between steps; the weights are those of the last complete step. */
  readonly signal?: AbortSignalLike;
  /** Called after every step; awaited when it returns a promise. */
  readonly onBatchEnd?: (info: BatchEndInfo) => void | Promise<void>;
  /** Called after every epoch (host weights are current); awaited when it returns a promise. */
  readonly onEpochEnd?: (log: EpochLog) => void | Promise<void>;
  /** Read the loss every N steps (and on the last step of each epoch). Default 1. Larger values save GPU read-backs. */
  readonly lossEvery?: number;
  /**
   * Progress output, as Keras's `verbose`: 0 / false (default) nothing; 1 / true a live bar per epoch on a terminal
   * and a line per epoch otherwise; 2 a line per epoch. Node only: browsers print nothing.
   */
  readonly verbose?: 0 | 1 | 2 | boolean;
  /** Keras-style callbacks (`earlyStopping`, `reduceLROnPlateau`, `learningRateScheduler`, `modelCheckpoint`, …). */
  readonly callbacks?: readonly Callback[];
}

/** Why `fit` stopped. */
export type StopReason = 'completed' | 'aborted' | 'diverged' | 'stopped';

/** What `fit` returns. */
export interface History {
  /** Completed epochs, in order. */
  readonly epochs: readonly EpochLog[];
  /** Steps completed. */
  readonly steps: number;
  /**
   * `completed`, or why training stopped early: `aborted` by the signal, `diverged` (non-finite loss), or `stopped`
   * by a callback (early stopping).
   */
  readonly stopReason: StopReason;
  /** Why it stopped early, e.g. "diverged at step 12: the loss became NaN; lower the learning rate". */
  readonly message?: string;
}

/**
 * The part of `AbortSignal` that `fit` reads. Declared here so that core's types compile without the DOM or Node
 * typings; a real `AbortSignal` satisfies it.
 */
export interface AbortSignalLike {
  /** True once training should stop; checked between steps. */
  readonly aborted: boolean;
}
