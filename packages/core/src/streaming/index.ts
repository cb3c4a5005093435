export type { Batch, BatchSource, StreamFitOptions } from './contract';
