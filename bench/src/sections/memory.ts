import type { RunOptions, RunResults } from '../context';
import type { MnistSplit } from '../mnist-data';
import { oursMlp, rowsTensor } from '../mlp/ours';
import { BATCH, initialWeights, MLP_SIZES } from '../mlp/weights';
import type { BenchActivation } from '../plugins';
import { table } from '../table';

function settledMemory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
}

/** Allowed growth between the first and the last sample, in bytes: far below one leaked batch buffer per step. */
const TOLERANCE = 2 * 1024 * 1024;

/** One flat-memory run: what is measured, under which metric keys, and the training step itself. */
export interface FlatMemoryRun {
  /** The table's subject, e.g. `ours, relu MLP, batch 128`. */
  readonly subject: string;
  /** Metrics `${metric}.flat` (1 or 0) and `${metric}.steps`. */
  readonly metric: string;
  readonly warmupSteps: number;
  readonly steps: number;
  /** Training step number `s`. */
  step(s: number): void;
}

/**
 * Runs `run.steps` training steps after `run.warmupSteps`, with heap and external (ArrayBuffer) memory sampled after
 * the warm-up and at the end, and adds the table. Fails the target when either grows by more than 2 MiB.
 */
export function measureFlatMemory(run: FlatMemoryRun, results: RunResults): void {
  for (let s = 0; s < run.warmupSteps; s++) run.step(s);
  const before = settledMemory();
  const t0 = performance.now();
  for (let s = 0; s < run.steps; s++) run.step(run.warmupSteps + s);
  const seconds = (performance.now() - t0) / 1000;
  const after = settledMemory();
  const mib = (b: number) => `${(b / 1048576).toFixed(2)} MiB`;
  const heapGrowth = after.heap - before.heap;
  const extGrowth = after.external - before.external;
  const flat = heapGrowth < TOLERANCE && extGrowth < TOLERANCE;
  results.metrics.set(`${run.metric}.flat`, flat ? 1 : 0);
  results.metrics.set(`${run.metric}.steps`, run.steps);
  const t = table(`Memory over ${run.steps} training steps (${run.subject})`, [
    'measure',
    `after ${run.warmupSteps} warm-up steps`,
    `after ${run.steps} more`,
    'growth',
  ]);
  t.rows.push(['JS heap used', mib(before.heap), mib(after.heap), mib(heapGrowth)]);
  t.rows.push(['external + ArrayBuffers', mib(before.external), mib(after.external), mib(extGrowth)]);
  t.rows.push(['RSS', mib(before.rss), mib(after.rss), mib(after.rss - before.rss)]);
  t.notes.push(
    `${flat ? 'FLAT' : 'GROWING'}: growth limit ${mib(TOLERANCE)} for heap and external memory; ${gcAvailable() ? 'measured after forced GC' : 'no --expose-gc: measured without forcing GC'}; ${((seconds * 1000) / run.steps).toFixed(2)} ms/step.`,
  );
  results.tables.push(t);
}

/** Flat memory: `options.memorySteps` training steps of the MLP on our CPU backend. */
export function memorySection(act: BenchActivation, train: MnistSplit, options: RunOptions, results: RunResults): void {
  const model = oursMlp(act, initialWeights());
  const batches = Math.floor(train.rows / BATCH);
  const xb = Array.from({ length: batches }, (_, b) => rowsTensor(train.x, MLP_SIZES[0], b * BATCH, BATCH));
  const yb = Array.from({ length: batches }, (_, b) => rowsTensor(train.y, 10, b * BATCH, BATCH));
  measureFlatMemory(
    {
      subject: `ours, ${act.name} MLP, batch ${BATCH}`,
      metric: 'memory',
      warmupSteps: 200,
      steps: options.memorySteps,
      step: (s) => model.trainBatch(xb[s % batches], yb[s % batches]),
    },
    results,
  );
  model.dispose();
}

function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}
