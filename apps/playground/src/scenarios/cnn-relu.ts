import type { Registry } from '@rectify/core';
import { generateDataset } from '../data/generate';
import { channelStats, traceFeatureMaps } from '../engine/conv-maps';
import { Trainer } from '../engine/trainer';
import { defaultState } from '../state/defaults';
import type { PlaygroundState } from '../state/types';

/** One row of the study: an activation, and the learning rate when not the study's 0.003. */
export interface CnnReluVariant {
  readonly label: string;
  readonly activation: string;
  readonly learningRate?: number;
}

/** Settings of the "ReLU in a CNN" study: the same network and data for every variant. */
export interface CnnReluOptions {
  readonly variants: readonly CnnReluVariant[];
  readonly seeds: readonly number[];
  /** Training steps per run. */
  readonly steps: number;
  /** Test accuracy a run must reach; the step it first does (checked every `evalEvery`) is its speed. */
  readonly targetAccuracy: number;
  readonly evalEvery: number;
  /** Called before each run. */
  readonly onRun?: (variant: string, seed: number, index: number, total: number) => void;
}

/** The study as `pnpm experiment cnn-relu` runs it. */
export const cnnReluDefaults: CnnReluOptions = {
  variants: [
    { label: 'relu', activation: 'relu' },
    { label: 'tanh', activation: 'tanh' },
    { label: 'sigmoid', activation: 'sigmoid' },
    // Ten times the step size: the learning rate kills ReLU channels as it kills dense units.
    { label: 'relu, lr 0.03', activation: 'relu', learningRate: 0.03 },
  ],
  seeds: [1, 2, 3],
  steps: 600,
  targetAccuracy: 0.95,
  evalEvery: 10,
};

/**
 * The state of one run: bars and stripes (1200 12×12 images with pixel noise of std 0.5, four classes), conv 8@3×3 → max pool 2 →
 * conv 16@3×3 → max pool 2 → dense 32 → 4, every non-linearity `activation`, He-normal kernels, Adam at 0.003,
 * batch 32 (the learning rate as given).
 */
export function cnnReluState(activation: string, seed: number, learningRate = 0.003): PlaygroundState {
  return {
    ...defaultState,
    dataset: { name: 'bars', samples: 1200, noise: 1, trainFraction: 0.75, positiveFraction: 0.5, seed: 7 },
    network: {
      conv: [
        { kind: 'conv', channels: 8, kernel: 3, stride: 1, padding: 1, activation },
        { kind: 'pool', pool: 'max', size: 2 },
        { kind: 'conv', channels: 16, kernel: 3, stride: 1, padding: 1, activation },
        { kind: 'pool', pool: 'max', size: 2 },
      ],
      hidden: [{ units: 32, activation, hyper: {} }],
      residual: false,
    },
    training: { ...defaultState.training, learningRate, batchSize: 32, optimizer: 'adam', seed },
  };
}

/** What one run measured. */
export interface CnnReluRun {
  readonly variant: string;
  readonly seed: number;
  /** First checked step with test accuracy ≥ the target; undefined when the budget ran out first. */
  readonly stepsToTarget?: number;
  readonly finalAccuracy: number;
  /** Per conv stage, on the probe batch after training: fraction of exactly-zero outputs. */
  readonly sparsity: readonly number[];
  /** Per conv stage: dead channels (output 0 everywhere on the probe batch) after training. */
  readonly deadChannels: readonly number[];
  /** Per conv stage: channels. */
  readonly channels: readonly number[];
}

/** Trains the study's network once per variant and seed and measures each run. */
export function runCnnRelu(registry: Registry, options: CnnReluOptions = cnnReluDefaults): CnnReluRun[] {
  const runs: CnnReluRun[] = [];
  const total = options.variants.length * options.seeds.length;
  for (const v of options.variants) {
    for (const seed of options.seeds) {
      options.onRun?.(v.label, seed, runs.length, total);
      const state = cnnReluState(v.activation, seed, v.learningRate);
      const trainer = new Trainer(state, generateDataset(state.dataset), registry);
      let stepsToTarget: number | undefined;
      let accuracy = 0;
      while (trainer.steps < options.steps) {
        trainer.step(Math.min(options.evalEvery, options.steps - trainer.steps));
        accuracy = trainer.evaluate().testAccuracy ?? 0;
        if (stepsToTarget === undefined && accuracy >= options.targetAccuracy) stepsToTarget = trainer.steps;
      }
      const stats = traceFeatureMaps(trainer.built.model, trainer.probeBatch).map(channelStats);
      runs.push({
        variant: v.label,
        seed,
        ...(stepsToTarget === undefined ? {} : { stepsToTarget }),
        finalAccuracy: accuracy,
        sparsity: stats.map((s) => s.sparsity),
        deadChannels: stats.map((s) => s.dead.filter(Boolean).length),
        channels: stats.map((s) => s.channels),
      });
      trainer.built.model.dispose();
    }
  }
  return runs;
}

function cell(xs: readonly number[], of: number, f: (x: number) => string): string {
  if (xs.length === 0) return '—';
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const partial = xs.length < of ? ` (${xs.length}/${of} seeds)` : '';
  return lo === hi ? `${f(mean)}${partial}` : `${f(mean)} [${f(lo)}–${f(hi)}]${partial}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/** The study's table as Markdown, one row per variant: mean [min–max] over seeds. */
export function cnnReluTable(runs: readonly CnnReluRun[], options: CnnReluOptions = cnnReluDefaults): string {
  const stages = runs[0]?.sparsity.length ?? 0;
  const head = [
    'variant',
    `steps to ${pct(options.targetAccuracy)} test accuracy`,
    `test accuracy (step ${options.steps})`,
    ...Array.from({ length: stages }, (_, i) => `zeros in conv ${i + 1} maps`),
    ...Array.from({ length: stages }, (_, i) => `dead channels conv ${i + 1}`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const { label: a } of options.variants) {
    const mine = runs.filter((r) => r.variant === a);
    const reached = mine.flatMap((r) => (r.stepsToTarget === undefined ? [] : [r.stepsToTarget]));
    const row = [
      a,
      reached.length === 0 ? `> ${options.steps}` : cell(reached, mine.length, (x) => x.toFixed(0)),
      cell(
        mine.map((r) => r.finalAccuracy),
        mine.length,
        pct,
      ),
      ...Array.from({ length: stages }, (_, i) =>
        cell(
          mine.map((r) => r.sparsity[i]),
          mine.length,
          pct,
        ),
      ),
      ...Array.from({ length: stages }, (_, i) =>
        cell(
          mine.map((r) => r.deadChannels[i]),
          mine.length,
          (x) => `${Number.isInteger(x) ? x : x.toFixed(1)}/${mine[0].channels[i]}`,
        ),
      ),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}
