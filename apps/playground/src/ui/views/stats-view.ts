import type { LayerStats } from '../../engine/layer-stats';
import { el, hiDpiCanvas } from '../dom';
import { activationStdCell } from './activation-std';

const HIST_W = 120;
const HIST_H = 34;

function histogramCanvas(st: LayerStats): HTMLCanvasElement {
  const c = hiDpiCanvas(HIST_W, HIST_H, {
    class: 'hist',
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

/**
 * Per-layer table: dead units, sparsity, activation histogram, gradient norm and activation std (both log scale),
 * learned slopes.
 */
export class StatsView {
  readonly root = el('div', { class: 'stats', 'data-testid': 'layer-stats' });

  /** Redraws from the main run's statistics. */
  draw(stats: readonly LayerStats[]): void {
    const head = el(
      'tr',
      {},
      ...['layer', 'dead units', 'sparsity', 'activations', '‖∇W‖ (log)', 'std (log)', 'learned'].map((t) => el('th', {}, t)),
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
        el('td', {}, `${(st.sparsity * 100).toFixed(0)}%`),
        el('td', {}, histogramCanvas(st)),
        el('td', {}, el('span', { 'data-testid': `stats-grad-${i}` }, st.gradNorm.toExponential(1)), gradBar),
        activationStdCell(st, i),
        el('td', { class: 'slopes', 'data-testid': `stats-learned-${i}` }, slopes(st)),
      );
    });
    this.root.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
}
