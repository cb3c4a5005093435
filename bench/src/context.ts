import type { Table } from './table';

/** Options of a benchmark run. */
export interface RunOptions {
  /** Fewer sizes, epochs and steps: a smoke run of every section in well under a minute. */
  readonly quick: boolean;
  /** Training steps of the flat-memory check. */
  readonly memorySteps: number;
  /** MNIST epochs before the test accuracy is read. */
  readonly epochs: number;
}

/** What the sections produce: tables to print and key numbers for the summary of targets. */
export interface RunResults {
  readonly tables: Table[];
  /** Key numbers by name, e.g. `act.relu.fwd.2^20.ours` (ns/element) or `mm.ab.ours` (GFLOP/s). */
  readonly metrics: Map<string, number>;
  /** Facts about the contenders (SIMD, threads, kernel in use). */
  readonly facts: Map<string, string>;
}
