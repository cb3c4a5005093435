import type { Backend, Registry } from '@rectify/core';
import { generateDataset } from '../data/generate';
import type { Dataset } from '../data/types';
import type { LayerStats } from '../engine/layer-stats';
import { type Metrics, Trainer } from '../engine/trainer';
import type { MetricName, Scenario, ScenarioVariant } from './types';
import { variantState } from './variant-state';

/** One point of a run's curves. */
export interface CurvePoint extends Metrics {
  /** Dead units over all hidden layers. */
  readonly deadUnits: number;
  /** First hidden layer's kernel gradient norm. */
  readonly firstGradNorm: number;
  /** Last hidden layer's kernel gradient norm. */
  readonly lastGradNorm: number;
  /** Distinct units per hidden layer, averaged over the hidden layers. */
  readonly distinctUnits: number;
  /** Activation std of the last hidden layer over that of the first. */
  readonly stdRatio: number;
  /** Some hidden layer outputs exactly 0 on every probe row: the network's output is constant. */
  readonly bornDead: boolean;
}

/** What one run (variant × seed) produced. */
export interface RunResult {
  readonly variant: string;
  readonly seed: number;
  readonly metrics: Readonly<Partial<Record<MetricName, number>>>;
  readonly curve: readonly CurvePoint[];
  readonly diverged: string | null;
}

/** Unit-weighted dead fraction over every hidden layer. */
export function deadFraction(stats: readonly LayerStats[]): number {
  let dead = 0;
  let units = 0;
  for (const s of stats) {
    units += s.units;
    dead += s.dead.filter(Boolean).length;
  }
  return units === 0 ? 0 : dead / units;
}

/** A curve point from a trainer's current state. */
export function curvePoint(t: Trainer): CurvePoint {
  const m = t.evaluate();
  const stats = t.stats();
  return {
    ...m,
    deadUnits: stats.reduce((a, s) => a + s.dead.filter(Boolean).length, 0),
    firstGradNorm: stats[0]?.gradNorm ?? 0,
    lastGradNorm: stats[stats.length - 1]?.gradNorm ?? 0,
    distinctUnits: stats.reduce((a, s) => a + s.distinctUnits, 0) / Math.max(1, stats.length),
    bornDead: stats.some((s) => s.sparsity === 1),
    stdRatio: (stats[stats.length - 1]?.activationStd ?? Number.NaN) / (stats[0]?.activationStd ?? Number.NaN),
  };
}

/** Options of {@link runVariant}. */
export interface RunOptions {
  /** Evaluate every N steps. Default: steps / 30. */
  readonly evalEvery?: number;
  /** Overrides the scenario's step count (tests use fewer). */
  readonly steps?: number;
  readonly backend?: Backend;
  readonly onProgress?: (step: number, total: number) => void;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Trains one variant of a scenario with one seed and measures the scenario's metrics. */
export function runVariant(
  scenario: Scenario,
  variant: ScenarioVariant,
  seed: number,
  registry: Registry,
  options: RunOptions = {},
  data?: Dataset,
): RunResult {
  const state = variantState(scenario, variant, seed);
  const trainer = new Trainer(state, data ?? generateDataset(state.dataset), registry, options.backend);
  const steps = options.steps ?? scenario.steps;
  const every = Math.max(1, options.evalEvery ?? Math.round(steps / 30));
  const units = state.network.hidden.reduce((a, h) => a + h.units, 0);
  const curve: CurvePoint[] = [curvePoint(trainer)];
  const deadAtStart = curve[0].deadUnits / units;
  let stepsToTarget = Number.NaN;
  while (trainer.steps < steps && !trainer.diverged) {
    trainer.step(Math.min(every, steps - trainer.steps));
    const p = curvePoint(trainer);
    curve.push(p);
    if (Number.isNaN(stepsToTarget) && scenario.targetLoss !== undefined && p.trainLoss <= scenario.targetLoss)
      stepsToTarget = p.step;
    options.onProgress?.(trainer.steps, steps);
  }
  const last = curve[curve.length - 1];
  const tail = curve.slice(Math.max(1, Math.floor(curve.length * 0.8)));
  const firstGrad = mean(tail.map((p) => p.firstGradNorm));
  const lastGrad = mean(tail.map((p) => p.lastGradNorm));
  // A diverged run's weights are NaN: its dead units and losses mean nothing, so it reports no metrics.
  const metrics: Partial<Record<MetricName, number>> = trainer.diverged
    ? {}
    : {
        trainLoss: last.trainLoss,
        testLoss: last.testLoss,
        deadFraction: last.deadUnits / units,
        deadAtStart,
        firstGradNorm: firstGrad,
        gradRatio: lastGrad > 0 ? firstGrad / lastGrad : Number.NaN,
        stepsToTarget,
        distinctUnits: last.distinctUnits,
        initStdRatio: curve[0].stdRatio,
        bornDead: curve[0].bornDead ? 1 : 0,
        ...(last.testAccuracy === undefined ? {} : { testAccuracy: last.testAccuracy }),
        ...(last.minorityRecall === undefined ? {} : { minorityRecall: last.minorityRecall }),
      };
  return { variant: variant.label, seed, metrics, curve, diverged: trainer.diverged };
}

/** Every variant × seed of a scenario, in order. */
export function runScenario(
  scenario: Scenario,
  registry: Registry,
  options: RunOptions & {
    readonly seeds?: readonly number[];
    readonly onRun?: (variant: string, seed: number, index: number, total: number) => void;
  } = {},
): RunResult[] {
  const seeds = options.seeds ?? scenario.seeds;
  const out: RunResult[] = [];
  const total = scenario.variants.length * seeds.length;
  for (const v of scenario.variants) {
    const data = generateDataset(variantState(scenario, v).dataset);
    for (const seed of seeds) {
      options.onRun?.(v.label, seed, out.length, total);
      out.push(runVariant(scenario, v, seed, registry, options, data));
    }
  }
  return out;
}
