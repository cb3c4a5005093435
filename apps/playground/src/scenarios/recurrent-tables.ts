import { type ChartLine, lineChart } from '../init-studies/line-chart';
import type { RowMnistRun } from './recurrent-mnist-study';
import type { AddingRun } from './recurrent-study';

const num = (x: number): string => (x === 0 ? '0' : x >= 0.01 && x < 100 ? x.toFixed(3) : x.toExponential(1));

function spread(values: readonly number[], f: (x: number) => string = num): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? f(mean) : `${f(mean)} [${f(lo)}–${f(hi)}]`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

function groups(runs: readonly AddingRun[]): AddingRun[][] {
  const keys = [...new Set(runs.map((r) => `${r.length}|${r.variant}`))];
  return keys.map((k) => runs.filter((r) => `${r.length}|${r.variant}` === k));
}

const stepsOf = (v: readonly (number | null)[]): string => v.map((s) => (s === null ? 'never' : String(s))).join(' / ');

/** Steps until the test MSE first falls under the baseline and under `solved`, seed by seed, and the final MSE. */
export function addingTable(runs: readonly AddingRun[], solved: number): string {
  const rows = groups(runs).map((g) => [
    g[0].variant,
    String(g[0].length),
    stepsOf(g.map((r) => r.belowBaseline)),
    stepsOf(g.map((r) => r.solved)),
    spread(g.map((r) => r.curve[r.curve.length - 1].mse)),
  ]);
  return table(['variant', 'T', 'step MSE < 0.167 (per seed)', `step MSE < ${solved} (per seed)`, 'test MSE at end'], rows);
}

/** Where the gradient is probed: t = 1, T/4, T/2, 3T/4 and T. */
export function probedSteps(length: number): number[] {
  return [1, Math.round(length / 4), Math.round(length / 2), Math.round((3 * length) / 4), length];
}

/** ‖∂loss/∂h_t‖ at initialisation at five steps, and ‖∂loss/∂h_1‖ / ‖∂loss/∂h_T‖ at initialisation and at the end. */
export function gradientTable(runs: readonly AddingRun[]): string {
  const rows = groups(runs).map((g) => {
    const T = g[0].length;
    const at = probedSteps(T).map((t) => spread(g.map((r) => r.gradAtStart[t - 1])));
    const ratio = (k: 'gradAtStart' | 'gradAtEnd') => spread(g.map((r) => r[k][0] / r[k][T - 1]));
    return [g[0].variant, String(T), ...at, ratio('gradAtStart'), ratio('gradAtEnd')];
  });
  return table(['variant', 'T', 't = 1', 't = T/4', 't = T/2', 't = 3T/4', 't = T', 'h₁ / h_T (step 0)', 'h₁ / h_T (end)'], rows);
}

/** Test accuracy and loss per variant on row-by-row MNIST. */
export function rowMnistTable(runs: readonly RowMnistRun[]): string {
  const variants = [...new Set(runs.map((r) => r.variant))];
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return table(
    ['variant', 'test accuracy', 'test loss'],
    variants.map((v) => {
      const g = runs.filter((r) => r.variant === v);
      return [
        v,
        spread(
          g.map((r) => r.accuracy),
          pct,
        ),
        spread(g.map((r) => r.loss)),
      ];
    }),
  );
}

/** Test MSE against step, mean over seeds, one line per variant; the longer T dashed. */
export function addingChart(runs: readonly AddingRun[]): string {
  const variants = [...new Set(runs.map((r) => r.variant))];
  const lengths = [...new Set(runs.map((r) => r.length))];
  const lines: ChartLine[] = groups(runs).map((g) => ({
    label: `${g[0].variant}, T = ${g[0].length}`,
    points: g[0].curve.map((p, i) => ({ x: p.step, y: g.reduce((s, r) => s + r.curve[i].mse, 0) / g.length })),
    color: variants.indexOf(g[0].variant),
    dashed: g[0].length !== lengths[0],
  }));
  lines.push({
    label: 'baseline 1/6',
    points: [0, Math.max(...runs.flatMap((r) => r.curve.map((p) => p.step)))].map((x) => ({ x, y: 1 / 6 })),
    color: variants.length,
  });
  return lineChart(
    { title: 'Adding problem: test MSE (mean over seeds)', xLabel: 'training step', yLabel: 'test MSE', yRange: [0, 0.3] },
    lines,
  );
}

/** ‖∂loss/∂h_t‖ against t at initialisation, log scale, geometric mean over seeds; the longer T dashed. */
export function gradientChart(runs: readonly AddingRun[]): string {
  const variants = [...new Set(runs.map((r) => r.variant))];
  const lengths = [...new Set(runs.map((r) => r.length))];
  const lines: ChartLine[] = groups(runs).map((g) => ({
    label: `${g[0].variant}, T = ${g[0].length}`,
    points: Array.from(g[0].gradAtStart, (_, t) => ({
      x: t + 1,
      y: Math.exp(g.reduce((s, r) => s + Math.log(r.gradAtStart[t]), 0) / g.length),
    })),
    color: variants.indexOf(g[0].variant),
    dashed: g[0].length !== lengths[0],
  }));
  return lineChart(
    { title: '‖∂loss/∂h_t‖ at initialisation (0 left out)', xLabel: 'time step t', yLabel: 'norm (log scale)', logY: true },
    lines,
  );
}
