import { ValidationError } from '../errors';
import type { Sequential } from '../model/sequential';
import type { FitOptions, History } from '../model/types';
import type { Callback, CallbackContext } from './contract';
import { isThenable } from '../utils/is-thenable';

/** Runs `hooks` in order, awaiting only those that return a promise (the CPU loop then stays promise-free). */
function chain<A>(hooks: ((arg: A) => void | Promise<void>)[]): ((arg: A) => void | Promise<void>) | undefined {
  if (hooks.length === 0) return undefined;
  return (arg: A) => {
    for (let i = 0; i < hooks.length; i++) {
      const r = hooks[i](arg);
      if (isThenable(r)) {
        return (async () => {
          await r;
          for (let j = i + 1; j < hooks.length; j++) await hooks[j](arg);
        })();
      }
    }
  };
}

/** The fit options that callbacks are folded into (shared by `fit(x, y)` and streaming `fit`). */
export type HookOptions = Pick<FitOptions, 'signal' | 'onBatchEnd' | 'onEpochEnd' | 'callbacks'>;

/** The callbacks of one `fit` call, wired into its options. */
export interface CallbackRun<O extends HookOptions = FitOptions> {
  /** The fit options with the callbacks folded into `onBatchEnd`, `onEpochEnd` and `signal`. */
  readonly options: O;
  /** Calls `onTrainBegin` on every callback. */
  begin(): Promise<void>;
  /** Calls `onTrainEnd` and turns a callback's stop into `stopReason: 'stopped'` with its message. */
  end(history: History): Promise<History>;
}

/**
 * Folds `options.callbacks` into plain fit options: `fit`'s loop knows nothing of callbacks. A stop requested by a
 * callback reads as an abort to the loop (checked before the next epoch starts) and is reported as `stopped`.
 */
export function startCallbacks<O extends HookOptions>(model: Sequential, options: O): CallbackRun<O> {
  const callbacks: readonly Callback[] = options.callbacks ?? [];
  if (!Array.isArray(callbacks) || callbacks.some((c) => typeof c !== 'object' || c === null)) {
    throw new ValidationError('fit: callbacks must be an array of callbacks, e.g. [earlyStopping({ patience: 3 })]');
  }
  let stopMessage: string | undefined;
  const ctx: CallbackContext = {
    model,
    stopTraining(message: string) {
      stopMessage ??= message;
    },
  };
  const userSignal = options.signal;
  const onBatchEnd = chain([
    ...(options.onBatchEnd ? [options.onBatchEnd] : []),
    ...callbacks
      .filter((c) => c.onBatchEnd)
      .map((c) => (info: Parameters<NonNullable<Callback['onBatchEnd']>>[0]) => c.onBatchEnd?.(info, ctx)),
  ]);
  const onEpochEnd = chain([
    ...(options.onEpochEnd ? [options.onEpochEnd] : []),
    ...callbacks
      .filter((c) => c.onEpochEnd)
      .map((c) => (log: Parameters<NonNullable<Callback['onEpochEnd']>>[0]) => c.onEpochEnd?.(log, ctx)),
  ]);
  const wired: O =
    callbacks.length === 0
      ? options
      : {
          ...options,
          onBatchEnd,
          onEpochEnd,
          signal: {
            get aborted() {
              return stopMessage !== undefined || userSignal?.aborted === true;
            },
          },
        };
  return {
    options: wired,
    async begin() {
      for (const c of callbacks) await c.onTrainBegin?.(ctx);
    },
    async end(history) {
      const result: History =
        stopMessage !== undefined && history.stopReason === 'aborted' && userSignal?.aborted !== true
          ? { ...history, stopReason: 'stopped', message: stopMessage }
          : history;
      for (const c of callbacks) await c.onTrainEnd?.(result, ctx);
      return result;
    },
  };
}
