import type { PlaygroundState } from '../state/types';
import type { StatePatch } from '../state/patch';

/** A number a scenario reports per run, for its table and its claim check. */
export type MetricName =
  | 'trainLoss'
  | 'testLoss'
  | 'testAccuracy'
  | 'minorityRecall'
  | 'deadFraction'
  | 'deadAtStart'
  | 'firstGradNorm'
  | 'gradRatio'
  | 'stepsToTarget'
  | 'distinctUnits'
  | 'initStdRatio'
  | 'bornDead';

/** One configuration a scenario trains, e.g. "ReLU, lr 0.3". */
export interface ScenarioVariant {
  readonly label: string;
  readonly patch: StatePatch;
}

/** One claim, set up so a single click (or `pnpm experiment <id>`) shows it. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The claim, in one sentence. */
  readonly claim: string;
  /** What to watch on the page, in one sentence. */
  readonly watch: string;
  /** Why it happens, in a sentence or two (the guided tour says it). */
  readonly why?: string;
  readonly base: PlaygroundState;
  /** Trained side by side on the same data, architecture and seed. */
  readonly variants: readonly ScenarioVariant[];
  /** Training steps (batches) per run. */
  readonly steps: number;
  /** Seeds the headless runner averages over. */
  readonly seeds: readonly number[];
  /** Columns of the headless table. */
  readonly metrics: readonly MetricName[];
  /** Train loss that `stepsToTarget` waits for. */
  readonly targetLoss?: number;
  /** The metric the headless chart plots per variant. */
  readonly chart: MetricName;
}
