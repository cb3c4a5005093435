import type { RunFrame } from '../../worker/protocol';
import { runColors } from '../../scenarios/palette';
import { el } from '../dom';

/** The side-by-side table of runs: loss, accuracy, dead units per run, in the curves' colours. */
export class CompareView {
  readonly root = el('div', {
    class: 'compare-table',
    role: 'region',
    'aria-label': 'runs side by side',
    tabindex: 0,
    'data-testid': 'compare-table',
  });

  /** Redraws from the latest frame of every run. */
  draw(runs: readonly RunFrame[]): void {
    if (runs.length < 2) {
      this.root.replaceChildren();
      return;
    }
    // Every number a scenario's prompt mentions: minority recall (two-class sets) and the first layer's gradient.
    const recall = runs.some((r) => r.metrics.minorityRecall !== undefined);
    const head = el(
      'tr',
      {},
      ...[
        'run',
        'train loss',
        'test loss',
        'test acc',
        ...(recall ? ['minority recall'] : []),
        'dead units',
        'per layer',
        '‖∇W‖ layer 1',
      ].map((t) => el('th', {}, t)),
    );
    const rows = runs.map((r, i) => {
      const dead = r.stats.reduce((a, s) => a + s.dead.filter(Boolean).length, 0);
      const units = r.stats.reduce((a, s) => a + s.units, 0);
      const m = r.metrics;
      return el(
        'tr',
        { 'data-testid': `compare-row-${i}` },
        el('td', {}, el('span', { class: 'swatch', style: `background:${runColors[i % runColors.length]}` }), r.label),
        el('td', {}, m.trainLoss.toFixed(4)),
        el('td', {}, m.testLoss.toFixed(4)),
        el('td', {}, m.testAccuracy === undefined ? '—' : `${(m.testAccuracy * 100).toFixed(1)}%`),
        ...(recall
          ? [
              el(
                'td',
                { 'data-testid': `compare-recall-${i}` },
                m.minorityRecall === undefined ? '—' : `${(m.minorityRecall * 100).toFixed(1)}%`,
              ),
            ]
          : []),
        el('td', { 'data-testid': `compare-dead-${i}` }, `${dead}/${units}`),
        el('td', {}, r.stats.map((s) => s.dead.filter(Boolean).length).join(' · ') + (r.diverged ? ' (diverged)' : '')),
        el('td', { 'data-testid': `compare-grad-${i}` }, r.stats[0] ? r.stats[0].gradNorm.toExponential(1) : '—'),
      );
    });
    this.root.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
}
