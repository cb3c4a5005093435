import { type LayerStats, SATURATION_THRESHOLD } from '../../engine/layer-stats';
import { el, hiDpiCanvas, replaceKeepingFocus, tip } from '../dom';
import { activationStdCell } from './activation-std';

const HIST_W = 120;
const HIST_H = 34;

function histogramCanvas(st: LayerStats): HTMLCanvasElement {
  const c = hiDpiCanvas(HIST_W, HIST_H, {
    class: 'hist',
    role: 'img',
    'aria-label': `histogram of the activation outputs, from ${st.histogram.min.toFixed(2)} to ${st.histogram.max.toFixed(2)}`,
    title: `activation histogram, ${st.histogram.min.toFixed(2)} … ${st.histogram.max.toFixed(2)}`,
  });
  const ctx = c.getContext('2d')!;
  const counts = st.histogram.counts;
  const top = Math.max(1, ...counts);
  const bw = HIST_W / counts.length;
  ctx.fillStyle = '#5a7fa8';
  counts.forEach((n, i) => {
    const h = (n / top) * (HIST_H - 2);
    ctx.fillRect(i * bw, HIST_H - h, bw - 1, h);
  });
  return c;
}

const CURVE_W = 150;
const CURVE_H = 56;

/** Share of the pre-activation histogram left of 0. */
function shareBelowZero(st: LayerStats): number {
  const { min, max, counts } = st.preHistogram;
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  let below = 0;
  counts.forEach((n, i) => {
    if (min + ((i + 1) * (max - min)) / counts.length <= 0) below += n;
  });
  return below / total;
}

/**
 * f(x) (solid) and f′(x) (dashed) of the layer's activation with its current settings and learned values, over the
 * histogram of what the layer feeds it: a dead ReLU unit's inputs sit left of 0, where f′ is 0.
 */
function curveCanvas(st: LayerStats, i: number): HTMLCanvasElement {
  const { x0, x1, f, df } = st.curve;
  const below = shareBelowZero(st);
  const said = `layer ${i + 1}, ${st.activation}: f(x) solid, f′(x) dashed, for x from ${x0.toFixed(1)} to ${x1.toFixed(1)}; under them the histogram of this layer's inputs to the activation, ${(below * 100).toFixed(0)}% of them below 0`;
  const c = hiDpiCanvas(CURVE_W, CURVE_H, {
    class: 'curve',
    role: 'img',
    'aria-label': said,
    title: said,
    'data-testid': `stats-curve-${i}`,
  });
  const ctx = c.getContext('2d')!;
  const px = (x: number): number => ((x - x0) / (x1 - x0)) * CURVE_W;
  const { min, max, counts } = st.preHistogram;
  const top = Math.max(1, ...counts);
  ctx.fillStyle = '#c9d3dd';
  const bw = ((max - min) / counts.length / (x1 - x0)) * CURVE_W;
  counts.forEach((n, k) => {
    const h = (n / top) * (CURVE_H - 4);
    ctx.fillRect(px(min + (k * (max - min)) / counts.length), CURVE_H - h, Math.max(1, bw - 0.5), h);
  });
  let lo = 0;
  let hi = 1;
  for (const v of [...f, ...df]) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const py = (y: number): number => CURVE_H - 2 - ((y - lo) / (hi - lo)) * (CURVE_H - 4);
  ctx.strokeStyle = '#888';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(px(0), 0);
  ctx.lineTo(px(0), CURVE_H);
  ctx.moveTo(0, py(0));
  ctx.lineTo(CURVE_W, py(0));
  ctx.stroke();
  const line = (ys: readonly number[], colour: string, dash: number[]): void => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.8;
    ctx.setLineDash(dash);
    ctx.beginPath();
    ys.forEach((y, k) => {
      const x = (k / (ys.length - 1)) * CURVE_W;
      if (k === 0) ctx.moveTo(x, py(y));
      else ctx.lineTo(x, py(y));
    });
    ctx.stroke();
  };
  line(f, '#1f5fa8', []);
  line(df, '#b34700', [4, 3]);
  ctx.setLineDash([]);
  return c;
}

/** Bar width on a log10 scale of the gradient norm, from 1e-8 (empty) to 1e1 (full). */
function logBar(norm: number): number {
  if (!(norm > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(norm) + 8) / 9));
}

function slopes(st: LayerStats): string {
  const parts = Object.entries(st.learnables).map(([k, vs]) => {
    const shown = vs
      .slice(0, 6)
      .map((v) => v.toFixed(3))
      .join(', ');
    return `${k}: ${shown}${vs.length > 6 ? ` … (${vs.length})` : ''}`;
  });
  return parts.join('; ');
}

/** The table's columns and what each means (shown on hover and keyboard focus). */
const COLUMNS: readonly (readonly [string, string | null])[] = [
  ['layer', null],
  [
    'dead units',
    "Dead: no gradient flows through the unit for any of the 256 probe inputs — the activation's slope f′ is exactly 0 on every one. It cannot learn again unless something else moves its inputs.",
  ],
  [
    'saturated',
    `Saturated: not dead, but |f′| is below ${SATURATION_THRESHOLD} on every probe input (a flat tail), so it learns very slowly.`,
  ],
  ['sparsity', "Sparsity: the share of this layer's outputs on the probe inputs that are exactly 0."],
  [
    'f, f′ over inputs',
    'The activation f (solid) and its slope f′ (dashed) with the current settings and learned values, over the histogram of what the layer feeds it.',
  ],
  ['activations', "Histogram of the layer's outputs on the probe inputs."],
  [
    '‖∇W‖ (log)',
    "Size of the gradient of this layer's weights at the last step, on a log scale from 1e-8 to 10: a tiny value means the layer has stopped learning.",
  ],
  [
    'std (log)',
    "Spread (standard deviation) of the layer's outputs on the probe inputs, on a log scale: near 0 the layer passes almost nothing on; growing layer after layer, the signal explodes.",
  ],
  ['learned', "Values the activation learns, e.g. PReLU's negative-side slopes (they start at 0.25)."],
];

/**
 * Per-layer table: dead and saturated units, sparsity, f and f′ over the layer's inputs, activation histogram,
 * gradient norm and activation std (both log scale), learned slopes.
 */
export class StatsView {
  readonly root = el('div', {
    class: 'stats',
    role: 'region',
    'aria-label': 'per-layer statistics',
    tabindex: 0,
    'data-testid': 'layer-stats',
  });

  /** Redraws from the main run's statistics. */
  draw(stats: readonly LayerStats[]): void {
    const head = el(
      'tr',
      {},
      ...COLUMNS.map(([t, why], k) => {
        const th = el('th', { 'data-testid': `stats-head-${k}` }, t);
        return why ? tip(th, why) : th;
      }),
    );
    const rows = stats.map((st, i) => {
      const dead = st.dead.filter(Boolean).length;
      const deadBar = el(
        'div',
        { class: 'bar' },
        el('div', { class: 'fill dead-fill', style: `width:${(st.deadFraction * 100).toFixed(1)}%` }),
      );
      const gradBar = el(
        'div',
        { class: 'bar' },
        el('div', { class: 'fill grad-fill', style: `width:${(logBar(st.gradNorm) * 100).toFixed(1)}%` }),
      );
      return el(
        'tr',
        { 'data-testid': `stats-row-${i}` },
        el('td', {}, `${i + 1} · ${st.activation}`),
        el('td', {}, el('span', { 'data-testid': `stats-dead-${i}` }, `${dead}/${st.units}`), deadBar),
        el('td', { 'data-testid': `stats-saturated-${i}` }, `${st.saturated.filter(Boolean).length}/${st.units}`),
        el('td', {}, `${(st.sparsity * 100).toFixed(0)}%`),
        el('td', {}, curveCanvas(st, i)),
        el('td', {}, histogramCanvas(st)),
        el('td', {}, el('span', { 'data-testid': `stats-grad-${i}` }, st.gradNorm.toExponential(1)), gradBar),
        activationStdCell(st, i),
        el('td', { class: 'slopes', 'data-testid': `stats-learned-${i}` }, slopes(st)),
      );
    });
    replaceKeepingFocus(this.root, el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
}
