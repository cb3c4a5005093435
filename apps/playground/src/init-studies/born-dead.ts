import {
  type Initializer,
  type Layer,
  type Registry,
  activation,
  bornDeadCheck,
  dense,
  heNormal,
  randomizedAsymmetric,
  sequential,
  tensor,
} from '@rectify/core';
import { type ChartLine, lineChart } from './line-chart';

/** How a born-dead cell initialises its network. */
export type BornDeadInit = 'he' | 'rai' | 'leaky';

/** Options of {@link bornDeadStudy}. */
export interface BornDeadOptions {
  readonly widths: readonly number[];
  readonly depths: readonly number[];
  readonly inits: readonly BornDeadInit[];
  /** Random initialisations per cell. */
  readonly trials: number;
  /** Probe points, evenly spaced over the input domain [−√3, √3] (both ends included). */
  readonly probePoints: number;
  /** First model seed; trial t uses seed + t. */
  readonly seed: number;
  readonly onCell?: (done: number, total: number) => void;
}

/** The study as the README reports it: ≥ 1,000 initialisations per cell, widths 2–4, depths 5–50. */
export const bornDeadDefaults: BornDeadOptions = {
  widths: [2, 3, 4],
  depths: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50],
  inits: ['he', 'rai', 'leaky'],
  trials: 1000,
  probePoints: 65,
  seed: 1,
};

/** One cell: the fraction of `trials` random initialisations that are born dead. */
export interface BornDeadCell {
  readonly init: BornDeadInit;
  readonly width: number;
  readonly depth: number;
  readonly trials: number;
  readonly dead: number;
  /** Mean position (1 = first hidden layer) of the layer that died, over the dead networks; NaN if none died. */
  readonly meanDeadLayer: number;
}

/** Labels of the inits, as the table and chart show them. */
export const bornDeadInitLabels: Readonly<Record<BornDeadInit, string>> = {
  he: 'ReLU, He normal',
  rai: 'ReLU, randomized asymmetric',
  leaky: 'Leaky ReLU 0.01, He normal',
};

/** Hidden layer `i` of a cell's network: dense(width) → activation, biases as the init prescribes. */
function hiddenLayers(init: BornDeadInit, width: number, depth: number, registry: Registry): Layer[] {
  const act = registry.activation(init === 'leaky' ? 'leaky-relu' : 'relu');
  const layers: Layer[] = [];
  for (let i = 0; i < depth; i++) {
    const options =
      init === 'rai'
        ? { ...randomizedAsymmetric() }
        : { kernelInitializer: heNormal(init === 'leaky' ? { negativeSlope: 0.01 } : {}) as Initializer };
    layers.push(dense(width, options), activation(act, init === 'leaky' ? { negativeSlope: 0.01 } : {}));
  }
  return layers;
}

/**
 * Lu et al.'s born-dead experiment: for every (init, width, depth) cell, `trials` networks 1 → width × depth → 1
 * with fresh random weights, each tested with core's `bornDeadCheck` on a grid over [−√3, √3]. Forward passes only.
 */
export function bornDeadStudy(registry: Registry, options: BornDeadOptions = bornDeadDefaults): BornDeadCell[] {
  const { probePoints } = options;
  const a = Math.sqrt(3);
  const probe = tensor(Array.from({ length: probePoints }, (_, i) => [-a + (2 * a * i) / (probePoints - 1)]));
  const cells: BornDeadCell[] = [];
  const total = options.inits.length * options.widths.length * options.depths.length;
  for (const init of options.inits) {
    for (const width of options.widths) {
      for (const depth of options.depths) {
        let dead = 0;
        let layerSum = 0;
        for (let t = 0; t < options.trials; t++) {
          const layers = [...hiddenLayers(init, width, depth, registry), dense(1)];
          const model = sequential({ inputShape: [1], seed: options.seed + t, registry, layers });
          const r = bornDeadCheck(model, probe);
          if (r.bornDead) {
            dead++;
            // Hidden layer k (1-based) is dense at 2k − 2, activation at 2k − 1.
            layerSum += (r.deadLayerIndex + 1) / 2;
          }
        }
        cells.push({ init, width, depth, trials: options.trials, dead, meanDeadLayer: dead ? layerSum / dead : Number.NaN });
        options.onCell?.(cells.length, total);
      }
    }
  }
  return cells;
}

/**
 * Closed-form bounds for He (zero biases, symmetric weights) at width N and depth L. Upper: the network is dead on
 * [−√3, √3] only if it is dead at x = √3, and on that one ray each hidden layer dies with probability exactly 2^−N
 * (each unit's w·h ≤ 0 with probability 1/2, independently), so P ≤ 1 − (1 − 2^−N)^L. Lower: hidden layers 2…L
 * die for every non-negative input when all N² of their weights are ≤ 0, so P ≥ 1 − (1 − 2^−N²)^(L−1).
 */
export function heBornDeadBounds(width: number, depth: number): { lower: number; upper: number } {
  return {
    lower: 1 - (1 - 2 ** -(width * width)) ** (depth - 1),
    upper: 1 - (1 - 2 ** -width) ** depth,
  };
}

/** Born-dead fraction of a cell. */
export const deadFraction = (c: BornDeadCell): number => c.dead / c.trials;

/** The table as Markdown: one row per (init, width), one column per depth, plus the He bounds. */
export function bornDeadTable(cells: readonly BornDeadCell[], options: BornDeadOptions = bornDeadDefaults): string {
  const pct = (x: number): string => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;
  const head = ['init', 'width', ...options.depths.map((d) => `L=${d}`)];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const init of options.inits) {
    for (const width of options.widths) {
      const row = options.depths.map((depth) => {
        const c = cells.find((x) => x.init === init && x.width === width && x.depth === depth);
        return c ? pct(deadFraction(c)) : '—';
      });
      lines.push(`| ${bornDeadInitLabels[init]} | ${width} | ${row.join(' | ')} |`);
    }
  }
  for (const width of options.widths) {
    const row = options.depths.map((depth) => {
      const b = heBornDeadBounds(width, depth);
      return `${pct(b.lower)}–${pct(b.upper)}`;
    });
    lines.push(`| He bounds (closed form) | ${width} | ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Probability of being born dead against depth: one line per (init, width), the He upper bound dashed. */
export function bornDeadChart(cells: readonly BornDeadCell[], options: BornDeadOptions = bornDeadDefaults): string {
  const lines: ChartLine[] = [];
  options.inits.forEach((init, i) => {
    options.widths.forEach((width, w) => {
      const points = options.depths.flatMap((depth) => {
        const c = cells.find((x) => x.init === init && x.width === width && x.depth === depth);
        return c ? [{ x: depth, y: deadFraction(c) }] : [];
      });
      // Eight palette colours for nine lines: the Leaky ReLU lines, which lie on 0, share black.
      const color = init === 'leaky' ? 7 : i * options.widths.length + w;
      lines.push({ label: `${bornDeadInitLabels[init]}, width ${width}`, points, color });
    });
  });
  options.widths.forEach((width, w) => {
    const points = options.depths.map((depth) => ({ x: depth, y: heBornDeadBounds(width, depth).upper }));
    lines.push({ label: `He upper bound, width ${width}`, points, color: w, dashed: true });
  });
  return lineChart(
    {
      title: `Born dead: probability over ${options.trials} random initialisations per point`,
      xLabel: 'depth (hidden layers)',
      yLabel: 'P(born dead)',
      yRange: [0, 1],
    },
    lines,
  );
}
