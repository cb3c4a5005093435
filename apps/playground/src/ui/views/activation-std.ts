import type { LayerStats } from '../../engine/layer-stats';
import { el } from '../dom';

/** Decades the std bar spans: 1e-8 (empty) … 1e4 (full), with 1 at two thirds, so collapse and explosion both show. */
const LOW = -8;
const HIGH = 4;

/** Bar width in [0, 1] for an activation std on a log10 scale. */
export function stdBar(std: number): number {
  if (!(std > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(std) - LOW) / (HIGH - LOW)));
}

/**
 * The per-layer table's activation std cell: the value and a log-scale bar, with a tick at std 1. A stack whose
 * initialiser does not fit its activation shows a bar shrinking (or growing) layer after layer.
 */
export function activationStdCell(st: LayerStats, i: number): HTMLElement {
  const one = ((0 - LOW) / (HIGH - LOW)) * 100;
  const bar = el(
    'div',
    { class: 'bar', title: 'activation std over the probe rows, log scale 1e-8 … 1e4; the tick is 1' },
    el('div', { class: 'fill std-fill', style: `width:${(stdBar(st.activationStd) * 100).toFixed(1)}%` }),
    el('div', { class: 'std-one', style: `left:${one.toFixed(1)}%` }),
  );
  return el('td', {}, el('span', { 'data-testid': `stats-std-${i}` }, st.activationStd.toExponential(1)), bar);
}
