import type { Metric, MetricAccumulator, MetricValue } from './contract';

/** The accumulators of one evaluation, fed chunk by chunk. */
export interface MetricRun {
  /** Feeds a chunk of outputs and targets to every metric. */
  update(pred: Float32Array, target: Float32Array, rows: number, cols: number): void;
  /** Every metric's value by name, or undefined when none was compiled. */
  results(): Readonly<Record<string, MetricValue>> | undefined;
}

/** Starts every metric for one evaluation of a model with `cols` outputs compiled with `lossName`. */
export function startMetrics(metrics: readonly Metric[], lossName: string, cols: number): MetricRun {
  const running: [string, MetricAccumulator][] = metrics.map((m) => [m.name, m.create({ lossName, cols })]);
  return {
    update(pred, target, rows, c) {
      for (const [, acc] of running) acc.update(pred, target, rows, c);
    },
    results() {
      if (running.length === 0) return undefined;
      return Object.freeze(Object.fromEntries(running.map(([name, acc]) => [name, acc.result()])));
    },
  };
}
