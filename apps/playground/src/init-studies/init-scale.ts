import { type Registry, Tensor, diagnose } from '@rectify/core';
import { generateDataset } from '../data/generate';
import { buildModel } from '../engine/build-model';
import { scaleThroughDepth } from '../scenarios/init-scenarios';
import { variantState } from '../scenarios/variant-state';
import { stack } from '../state/patch';
import { type ChartLine, lineChart } from './line-chart';

/** Options of {@link initScaleStudy}. */
export interface InitScaleOptions {
  /** Units per hidden layer; the scenario trains 16, a wide stack shows the mean-field prediction. */
  readonly widths: readonly number[];
  readonly seeds: readonly number[];
  /** Probe rows (the first training points). */
  readonly probeRows: number;
}

/** Widths 16 (the trained scenario) and 256, three seeds, 256 probe rows. */
export const initScaleDefaults: InitScaleOptions = { widths: [16, 256], seeds: [1, 2, 3], probeRows: 256 };

/** Activation std per hidden layer at initialisation, mean over seeds, of one (init, width). */
export interface InitScaleRow {
  readonly init: string;
  readonly width: number;
  /** Index i: hidden layer i + 1. */
  readonly std: readonly number[];
}

/**
 * Builds the `scale-through-depth` scenario's 30-layer ReLU MLP for each of its initialisers and widths, and reads
 * each activation layer's output std at initialisation from core's `diagnose` on the scenario's training points.
 * The mean over seeds is a geometric mean (the std varies over orders of magnitude).
 */
export function initScaleStudy(registry: Registry, options: InitScaleOptions = initScaleDefaults): InitScaleRow[] {
  const rows: InitScaleRow[] = [];
  for (const variant of scaleThroughDepth.variants) {
    for (const width of options.widths) {
      const logSums: number[] = [];
      for (const seed of options.seeds) {
        const s = variantState(scaleThroughDepth, variant, seed);
        const state = { ...s, network: { ...s.network, hidden: stack(s.network.hidden.length, width) } };
        const data = generateDataset(state.dataset);
        const { model } = buildModel(state, data, registry);
        const n = Math.min(options.probeRows, data.train.n);
        const probe = new Tensor(data.train.x.slice(0, n * data.inputDim), [n, data.inputDim]);
        const stds = diagnose(model, probe)
          .layers.filter((l) => l.type === 'activation')
          .map((l) => l.std);
        stds.forEach((v, i) => {
          logSums[i] = (logSums[i] ?? 0) + Math.log(v);
        });
      }
      rows.push({ init: variant.label, width, std: logSums.map((l) => Math.exp(l / options.seeds.length)) });
    }
  }
  return rows;
}

const LAYERS_SHOWN = [1, 2, 5, 10, 15, 20, 25, 30];

/** Markdown: one row per (init, width), activation std at hidden layers 1, 2, 5, …, 30, and the per-layer factor. */
export function initScaleTable(rows: readonly InitScaleRow[]): string {
  const head = ['init', 'width', ...LAYERS_SHOWN.map((l) => `layer ${l}`), 'factor per layer'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  const f = (x: number): string => (x >= 0.01 && x < 100 ? x.toFixed(3) : x.toExponential(1));
  for (const r of rows) {
    const shown = LAYERS_SHOWN.filter((l) => l <= r.std.length).map((l) => f(r.std[l - 1]));
    const factor = (r.std[r.std.length - 1] / r.std[0]) ** (1 / (r.std.length - 1));
    lines.push(`| ${r.init} | ${r.width} | ${shown.join(' | ')} | ${factor.toFixed(3)} |`);
  }
  return lines.join('\n');
}

/** Activation std against layer, log scale: one line per (init, width), width 16 solid, wider dashed. */
export function initScaleChart(rows: readonly InitScaleRow[]): string {
  const inits = [...new Set(rows.map((r) => r.init))];
  const lines: ChartLine[] = rows.map((r) => ({
    label: `${r.init}, width ${r.width}`,
    points: r.std.map((y, i) => ({ x: i + 1, y })),
    color: inits.indexOf(r.init),
    dashed: r.width !== rows[0].width,
  }));
  return lineChart(
    {
      title: 'Activation std per layer at initialisation, 30-layer ReLU MLP',
      xLabel: 'hidden layer',
      yLabel: 'std (log scale)',
      logY: true,
    },
    lines,
  );
}
