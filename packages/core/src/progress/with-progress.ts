import type { HookOptions } from '../callbacks/run';
import { checkVerbose, progressLogger } from './logger';

/**
 * `options` (of `fit(x, y)`, or of streaming `fit` with `rows` undefined: no step total) with a {@link progressLogger} appended to its callbacks when `verbose` asks for one; the step count per
 * epoch follows `fit`'s own split and batch rules (invalid options are left for `fit` to reject).
 */
export function withProgress<
  O extends HookOptions & { epochs: number; verbose?: unknown; validationSplit?: number; batchSize?: number },
>(options: O, rows: number | undefined): O {
  const verbose = checkVerbose(options?.verbose);
  if (verbose === 0) return options;
  let stepsPerEpoch: number | undefined;
  if (rows !== undefined) {
    const split = options.validationSplit;
    const trainRows = typeof split === 'number' && split > 0 && split < 1 ? Math.floor(rows * (1 - split)) : rows;
    stepsPerEpoch = Math.ceil(trainRows / Math.max(1, Math.min(options.batchSize ?? 32, trainRows)));
  }
  const logger = progressLogger({ verbose, epochs: options.epochs, stepsPerEpoch });
  return { ...options, callbacks: [...(options.callbacks ?? []), logger] };
}
