import type { Sequential } from '../model/sequential';
import type { BatchEndInfo, EpochLog, History } from '../model/types';

/** What a callback can reach during `fit`. */
export interface CallbackContext {
  /** The model being trained: `getWeights`, `setWeights`, `training.optimizer.learningRate`, … */
  readonly model: Sequential;
  /** Ends training after the current epoch; `fit` resolves with `stopReason: 'stopped'` and this message. */
  stopTraining(message: string): void;
}

/**
 * Hooks into `fit({ callbacks })`, Keras-style. Every hook is optional and awaited when it returns a promise; hooks
 * run in the order the callbacks are listed, after the `onBatchEnd` / `onEpochEnd` options.
 */
export interface Callback {
  /** Before the first step of a `fit` call. */
  onTrainBegin?(ctx: CallbackContext): void | Promise<void>;
  /** After every training step. */
  onBatchEnd?(info: BatchEndInfo, ctx: CallbackContext): void | Promise<void>;
  /** After every epoch; the host weights are current. */
  onEpochEnd?(log: EpochLog, ctx: CallbackContext): void | Promise<void>;
  /** When `fit` is about to resolve, whatever the reason. */
  onTrainEnd?(history: History, ctx: CallbackContext): void | Promise<void>;
}

/**
 * What a callback watches in the epoch logs: `loss`, `valLoss`, `accuracy`, `valAccuracy`, or a compiled metric as
 * `metrics.<name>` / `valMetrics.<name>` (e.g. `valMetrics.f1`).
 */
export type Monitor = 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy' | `metrics.${string}` | `valMetrics.${string}`;

/** Whether a smaller (`min`) or larger (`max`) monitored value is better; `auto` picks `max` for accuracy-like names. */
export type MonitorMode = 'min' | 'max' | 'auto';
