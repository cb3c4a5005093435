export { Sequential, sequential } from './sequential';
export { accuracy } from './metrics';
export { yieldToEventLoop } from './yield';
export type {
  BatchEndInfo,
  CompileOptions,
  EpochLog,
  EvaluateResult,
  FitOptions,
  History,
  SequentialOptions,
  StopReason,
  AbortSignalLike,
  TrainingSetup,
} from './types';
