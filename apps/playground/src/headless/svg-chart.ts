import { escapeXml as esc, svgDocument } from './svg-document';
import { runColors } from '../scenarios/palette';
import type { RunResult } from '../scenarios/run';
import { type SummaryRow, metricTitles } from '../scenarios/summary';
import type { Scenario } from '../scenarios/types';

const W = 860;
const H = 340;

/** Mean train-loss curve of one variant over its seeds (runs share evaluation steps). */
function meanCurve(runs: readonly RunResult[]): { step: number; loss: number }[] {
  const longest = runs.reduce((a, r) => (r.curve.length > a.length ? r.curve : a), runs[0].curve);
  return longest.map((p, i) => {
    const xs = runs.map((r) => r.curve[i]?.trainLoss).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return { step: p.step, loss: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) };
  });
}

/**
 * An SVG with two panels: the mean training loss curve per variant (log scale), and a bar per variant of the
 * scenario's chart metric (mean over seeds, whiskers from min to max).
 */
export function scenarioChart(scenario: Scenario, runs: readonly RunResult[], rows: readonly SummaryRow[]): string {
  const parts: string[] = [];
  const px = 60;
  const pw = 360;
  const py = 50;
  const ph = 230;
  // Loss panel.
  const curves = scenario.variants.map((v) => meanCurve(runs.filter((r) => r.variant === v.label)));
  const all = curves
    .flat()
    .map((p) => p.loss)
    .filter((l) => l > 0 && Number.isFinite(l));
  const lo = Math.log10(Math.max(1e-4, Math.min(...all)));
  const hi = Math.log10(Math.max(...all));
  const span = Math.max(1e-6, hi - lo);
  const sx = (s: number): number => px + (s / scenario.steps) * pw;
  const sy = (l: number): number => py + ph - ((Math.log10(Math.max(l, 1e-4)) - lo) / span) * ph;
  parts.push(`<rect x="${px}" y="${py}" width="${pw}" height="${ph}" fill="#fafafa" stroke="#ccc"/>`);
  parts.push(
    `<text x="${px}" y="${py - 10}" font-size="13">train loss (log scale) vs step, mean over ${scenario.seeds.length} seeds</text>`,
  );
  for (const t of [lo, (lo + hi) / 2, hi]) {
    parts.push(`<text x="${px - 6}" y="${sy(10 ** t) + 4}" font-size="10" text-anchor="end">${(10 ** t).toPrecision(2)}</text>`);
  }
  parts.push(`<text x="${px + pw}" y="${py + ph + 16}" font-size="10" text-anchor="end">${scenario.steps}</text>`);
  parts.push(`<text x="${px}" y="${py + ph + 16}" font-size="10">0</text>`);
  curves.forEach((c, i) => {
    const d = c.map((p, k) => `${k ? 'L' : 'M'}${sx(p.step).toFixed(1)},${sy(p.loss).toFixed(1)}`).join('');
    parts.push(`<path d="${d}" fill="none" stroke="${runColors[i % runColors.length]}" stroke-width="2"/>`);
  });
  // Bar panel.
  const bx = 500;
  const bw = 330;
  const metric = scenario.chart;
  const cells = rows.map((r) => r.cells[metric]);
  const top = Math.max(1e-9, ...cells.map((c) => (c && Number.isFinite(c.max) ? c.max : 0)));
  const slot = bw / rows.length;
  parts.push(`<rect x="${bx}" y="${py}" width="${bw}" height="${ph}" fill="#fafafa" stroke="#ccc"/>`);
  parts.push(`<text x="${bx}" y="${py - 10}" font-size="13">${esc(metricTitles[metric])}: mean, min–max over seeds</text>`);
  parts.push(`<text x="${bx - 6}" y="${py + 4}" font-size="10" text-anchor="end">${top.toPrecision(2)}</text>`);
  parts.push(`<text x="${bx - 6}" y="${py + ph}" font-size="10" text-anchor="end">0</text>`);
  rows.forEach((r, i) => {
    const c = r.cells[metric];
    const color = runColors[i % runColors.length];
    const x = bx + i * slot + slot * 0.2;
    const w = slot * 0.6;
    const h = (v: number): number => py + ph - (v / top) * ph;
    if (c && c.n > 0) {
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${h(c.mean).toFixed(1)}" width="${w.toFixed(1)}" height="${(py + ph - h(c.mean)).toFixed(1)}" fill="${color}"/>`,
      );
      const cx = (x + w / 2).toFixed(1);
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${h(c.min).toFixed(1)}" y2="${h(c.max).toFixed(1)}" stroke="#333"/>`);
    }
    parts.push(
      `<text x="${(x + w / 2).toFixed(1)}" y="${py + ph + 16}" font-size="10" text-anchor="middle">${esc(r.variant)}</text>`,
    );
  });
  // Legend.
  scenario.variants.forEach((v, i) => {
    const lx = px + i * 110;
    parts.push(`<rect x="${lx}" y="${H - 22}" width="12" height="12" fill="${runColors[i % runColors.length]}"/>`);
    parts.push(`<text x="${lx + 16}" y="${H - 12}" font-size="11">${esc(v.label)}</text>`);
  });
  return svgDocument(W, H, px, scenario.title, parts);
}
