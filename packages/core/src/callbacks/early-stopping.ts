import { ValidationError } from '../errors';
import type { NamedWeights } from '../weights/contract';
import type { Callback, Monitor, MonitorMode } from './contract';
import { checkMonitor, readMonitor, resolveMode } from './monitor';

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** What to watch. Default `valLoss`. */
  readonly monitor?: Monitor;
  /** Whether lower or higher is better. Default `auto`. */
  readonly mode?: MonitorMode;
  /** Stop after this many epochs in a row without improvement (as Keras: 0 and 1 both stop at the first). Default 0. */
  readonly patience?: number;
  /** An improvement must beat the best by more than this. Default 0. */
  readonly minDelta?: number;
  /** When training ends (stopped or not), put back the weights of the best epoch. Default false. */
  readonly restoreBestWeights?: boolean;
}

/** The callback {@link earlyStopping} returns. */
export interface EarlyStoppingCallback extends Callback {
  /** The epoch with the best monitored value in the last `fit`, or -1 before any. */
  readonly bestEpoch: number;
}

/**
 * Stops training when the monitored value has not improved by more than `minDelta` for `patience` epochs (Keras's
 * `EarlyStopping`); optionally restores the best epoch's weights. Its state starts afresh at every `fit`.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingCallback {
  const where = 'earlyStopping';
  const monitor = checkMonitor(where, options.monitor ?? 'valLoss');
  const mode = resolveMode(where, monitor, options.mode);
  const patience = options.patience ?? 0;
  if (!Number.isInteger(patience) || patience < 0)
    throw new ValidationError(`${where}: patience must be an integer ≥ 0, got ${patience}`);
  const minDelta = options.minDelta ?? 0;
  if (typeof minDelta !== 'number' || !Number.isFinite(minDelta) || minDelta < 0) {
    throw new ValidationError(`${where}: minDelta must be a finite number ≥ 0, got ${String(minDelta)}`);
  }
  const restore = options.restoreBestWeights ?? false;
  let best = Number.NaN;
  let bestEpoch = -1;
  let wait = 0;
  let bestWeights: NamedWeights | null = null;
  const improves = (v: number) => Number.isNaN(best) || (mode === 'min' ? v < best - minDelta : v > best + minDelta);
  return {
    get bestEpoch() {
      return bestEpoch;
    },
    onTrainBegin() {
      best = Number.NaN;
      bestEpoch = -1;
      wait = 0;
      bestWeights = null;
    },
    onEpochEnd(log, ctx) {
      const value = readMonitor(where, log, monitor);
      if (improves(value)) {
        best = value;
        bestEpoch = log.epoch;
        wait = 0;
        if (restore) bestWeights = ctx.model.getWeights();
        return;
      }
      wait++;
      if (wait >= patience) {
        ctx.stopTraining(
          `early stopping at epoch ${log.epoch}: ${monitor} has not improved on ${best} (epoch ${bestEpoch}) for ${wait} epochs`,
        );
      }
    },
    onTrainEnd(_history, ctx) {
      if (restore && bestWeights) ctx.model.setWeights(bestWeights);
    },
  };
}
