import type { RunResult } from './run';
import type { MetricName, Scenario } from './types';

/** Mean, spread and count of one metric of one variant over its seeds. */
export interface Cell {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Seeds where the metric was defined (e.g. stepsToTarget is undefined when the target was never reached). */
  readonly n: number;
  readonly of: number;
}

/** One row of a scenario's table. */
export interface SummaryRow {
  readonly variant: string;
  readonly cells: Readonly<Partial<Record<MetricName, Cell>>>;
}

/** Aggregates runs per variant over seeds. */
export function summarize(scenario: Scenario, runs: readonly RunResult[]): SummaryRow[] {
  return scenario.variants.map((v) => {
    const mine = runs.filter((r) => r.variant === v.label);
    const cells: Partial<Record<MetricName, Cell>> = {};
    for (const m of scenario.metrics) {
      const xs = mine.map((r) => r.metrics[m]).filter((x): x is number => x !== undefined && Number.isFinite(x));
      cells[m] = {
        mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN,
        min: xs.length ? Math.min(...xs) : Number.NaN,
        max: xs.length ? Math.max(...xs) : Number.NaN,
        n: xs.length,
        of: mine.length,
      };
    }
    return { variant: v.label, cells };
  });
}

/** Column titles of the metrics. */
export const metricTitles: Readonly<Record<MetricName, string>> = {
  trainLoss: 'train loss',
  testLoss: 'test loss',
  testAccuracy: 'test accuracy',
  minorityRecall: 'minority recall',
  deadFraction: 'dead units (end)',
  deadAtStart: 'dead units (step 0)',
  firstGradNorm: '‖grad‖ layer 1',
  gradRatio: '‖grad‖ first / last',
  stepsToTarget: 'steps to target loss',
  distinctUnits: 'distinct units per layer (end)',
  initStdRatio: 'activation std, last / first layer (step 0)',
  bornDead: 'born dead (step 0)',
};

function fmt(m: MetricName, c: Cell | undefined, steps: number): string {
  if (!c || c.n === 0) return m === 'stepsToTarget' ? `> ${steps}` : '—';
  const pct = m === 'bornDead' || m === 'deadFraction' || m === 'deadAtStart' || m === 'testAccuracy' || m === 'minorityRecall';
  const f = (x: number): string =>
    pct
      ? `${(100 * x).toFixed(0)}%`
      : m === 'stepsToTarget' || m === 'distinctUnits'
        ? x.toFixed(m === 'distinctUnits' && !Number.isInteger(x) ? 1 : 0)
        : Math.abs(x) < 0.01
          ? x.toExponential(1)
          : x.toFixed(3);
  const partial = c.n < c.of ? ` (${c.n}/${c.of} seeds)` : '';
  return c.min === c.max ? `${f(c.mean)}${partial}` : `${f(c.mean)} [${f(c.min)}–${f(c.max)}]${partial}`;
}

/** The table as Markdown: mean [min–max] over seeds. */
export function markdownTable(scenario: Scenario, rows: readonly SummaryRow[]): string {
  const head = ['variant', ...scenario.metrics.map((m) => metricTitles[m])];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows)
    lines.push(`| ${[r.variant, ...scenario.metrics.map((m) => fmt(m, r.cells[m], scenario.steps))].join(' | ')} |`);
  return lines.join('\n');
}
