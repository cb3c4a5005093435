import { ValidationError } from '../errors';
import type { LearningRateSchedule } from '../schedules/contract';
import type { Callback, CallbackContext, Monitor } from './contract';
import { checkMonitor, readMonitor } from './monitor';
import { type PlateauOptions, PlateauTracker } from './plateau';

function optimizerOf(where: string, ctx: CallbackContext): { learningRate: number } {
  const setup = ctx.model.training;
  if (!setup) throw new ValidationError(`${where}: the model is not compiled`, 'NOT_COMPILED');
  return setup.optimizer;
}

/** Options of {@link learningRateScheduler}. */
export interface SchedulerOptions {
  /** Step the schedule after every epoch (default, PyTorch's usual `scheduler.step()` per epoch) or every batch. */
  readonly per?: 'epoch' | 'batch';
}

/**
 * Drives the optimizer's learning rate from a schedule with PyTorch `lr_scheduler` semantics: the base rate is the
 * optimizer's when this callback first starts training; the rate is `schedule.rateAt(0)` before the first step and
 * `rateAt(t)` after `t` scheduler steps (taken after each epoch, or each batch). The step count carries over across
 * `fit` calls, like a PyTorch scheduler object.
 */
export function learningRateScheduler(schedule: LearningRateSchedule, options: SchedulerOptions = {}): Callback {
  if (typeof schedule !== 'object' || schedule === null || typeof schedule.rateAt !== 'function') {
    throw new ValidationError(
      'learningRateScheduler: schedule must come from stepLR, exponentialLR, cosineAnnealingLR or cosineWithWarmup',
    );
  }
  const per = options.per ?? 'epoch';
  if (per !== 'epoch' && per !== 'batch')
    throw new ValidationError(`learningRateScheduler: per must be 'epoch' or 'batch', got ${String(per)}`);
  let base: number | undefined;
  let steps = 0;
  const apply = (ctx: CallbackContext) => {
    const opt = optimizerOf('learningRateScheduler', ctx);
    base ??= opt.learningRate;
    opt.learningRate = schedule.rateAt(steps, base);
  };
  const advance = (ctx: CallbackContext) => {
    steps++;
    apply(ctx);
  };
  return {
    onTrainBegin: apply,
    ...(per === 'batch'
      ? { onBatchEnd: (_info, ctx: CallbackContext) => advance(ctx) }
      : { onEpochEnd: (_log, ctx: CallbackContext) => advance(ctx) }),
  } satisfies Callback;
}

/** Options of {@link reduceLROnPlateau}: PyTorch's, plus what to watch. */
export interface ReduceLROnPlateauOptions extends PlateauOptions {
  /** What to watch. Default `valLoss`. */
  readonly monitor?: Monitor;
}

/** PyTorch's `ReduceLROnPlateau`, stepped with the monitored value after every epoch. */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback {
  const monitor = checkMonitor('reduceLROnPlateau', options.monitor ?? 'valLoss');
  const tracker = new PlateauTracker(options);
  return {
    onEpochEnd(log, ctx) {
      const opt = optimizerOf('reduceLROnPlateau', ctx);
      opt.learningRate = tracker.step(readMonitor('reduceLROnPlateau', log, monitor), opt.learningRate);
    },
  };
}
