export type { Batch, BatchSource, StreamFitOptions } from './contract';
export { runStreamFit, type StreamHost } from './fit-stream';
export { type Row, shuffleRows } from './shuffle-buffer';
