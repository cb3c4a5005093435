import { ValidationError } from '../../errors';
import { availableCores } from './threads/support';

/** Most threads `cpuBackend({ threads })` accepts. */
export const MAX_THREADS = 64;

/**
 * Validates `cpuBackend({ threads })` and returns the count (all cores when omitted). A count the engine cannot run
 * is not an error: the backend runs one thread and its report says why.
 */
export function checkThreadsOption(threads: unknown): number {
  if (threads === undefined) return Math.min(availableCores(), MAX_THREADS);
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new ValidationError(
      `cpuBackend: threads must be an integer from 1 to ${MAX_THREADS}, got ${String(threads)}; omit it to use every core`,
    );
  }
  return threads;
}
