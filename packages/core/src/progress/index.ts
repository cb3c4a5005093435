export type { ProgressStream, Verbosity } from './contract';
export { checkVerbose, type ProgressOptions, progressLogger } from './logger';
