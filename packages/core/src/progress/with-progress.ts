import type { FitOptions } from '../model/types';
import { checkVerbose, progressLogger } from './logger';

/**
 * `options` with a {@link progressLogger} appended to its callbacks when `verbose` asks for one; the step count per
 * epoch follows `fit`'s own split and batch rules (invalid options are left for `fit` to reject).
 */
export function withProgress(options: FitOptions, rows: number): FitOptions {
  const verbose = checkVerbose(options?.verbose);
  if (verbose === 0) return options;
  const split = options.validationSplit;
  const trainRows = typeof split === 'number' && split > 0 && split < 1 ? Math.floor(rows * (1 - split)) : rows;
  const batch = Math.max(1, Math.min(options.batchSize ?? 32, trainRows));
  const logger = progressLogger({ verbose, epochs: options.epochs, stepsPerEpoch: Math.ceil(trainRows / batch) });
  return { ...options, callbacks: [...(options.callbacks ?? []), logger] };
}
