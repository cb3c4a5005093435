import { ValidationError } from '../errors';
import { saveModel } from '../io/save-load';
import type { ModelStore } from '../io/contract';
import type { EpochLog } from '../model/types';
import type { Callback, Monitor, MonitorMode } from './contract';
import { checkMonitor, readMonitor, resolveMode } from './monitor';

/** Options of {@link modelCheckpoint}. */
export interface CheckpointOptions {
  /** Where to save: a store, or a function of the epoch log giving one (one file per epoch, say). */
  readonly store: ModelStore | ((log: EpochLog) => ModelStore);
  /** Save only when `monitor` improves on the best so far (Keras `save_best_only`). Default false. */
  readonly saveBestOnly?: boolean;
  /** What `saveBestOnly` watches. Default `valLoss`. */
  readonly monitor?: Monitor;
  /** Whether lower or higher is better. Default `auto`. */
  readonly mode?: MonitorMode;
  /** Without `saveBestOnly`, save every N epochs (and never in between). Default 1. */
  readonly every?: number;
  /** Save the optimizer state too, so training can resume exactly. Default true. */
  readonly includeOptimizer?: boolean;
}

/** The callback {@link modelCheckpoint} returns. */
export interface CheckpointCallback extends Callback {
  /** The epochs (from 0) after which the model was saved, over every `fit` this callback took part in. */
  readonly saved: readonly number[];
}

/** Saves the model during training: after every N epochs, or only when the monitored value improves. */
export function modelCheckpoint(options: CheckpointOptions): CheckpointCallback {
  const where = 'modelCheckpoint';
  if (
    typeof options !== 'object' ||
    options === null ||
    (typeof options.store !== 'function' && typeof options.store?.save !== 'function')
  ) {
    throw new ValidationError(`${where}: store is required, e.g. { store: fileStore('model.json') }`);
  }
  const bestOnly = options.saveBestOnly ?? false;
  const monitor = checkMonitor(where, options.monitor ?? 'valLoss');
  const mode = resolveMode(where, monitor, options.mode);
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1)
    throw new ValidationError(`${where}: every must be a positive integer, got ${every}`);
  const saved: number[] = [];
  let best = Number.NaN;
  return {
    saved,
    onTrainBegin() {
      best = Number.NaN;
    },
    async onEpochEnd(log, ctx) {
      if (bestOnly) {
        const v = readMonitor(where, log, monitor);
        if (!(Number.isNaN(best) || (mode === 'min' ? v < best : v > best))) return;
        best = v;
      } else if ((log.epoch + 1) % every !== 0) {
        return;
      }
      const store = typeof options.store === 'function' ? options.store(log) : options.store;
      await saveModel(ctx.model, store, { includeOptimizer: options.includeOptimizer ?? true });
      saved.push(log.epoch);
    },
  };
}
