import { escapeXml as esc, svgDocument } from '../headless/svg-document';
import { runColors } from '../scenarios/palette';

/** One line of a {@link lineChart}. */
export interface ChartLine {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Index into the palette; lines sharing it share a colour. */
  readonly color: number;
  readonly dashed?: boolean;
}

/** Axes and title of a {@link lineChart}. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Log-scale y axis (values ≤ 0 are left out). */
  readonly logY?: boolean;
  /** Fixed y range (in data units); default: the data's range. */
  readonly yRange?: readonly [number, number];
}

/** A standalone SVG of lines against a shared x axis, with a legend on the right. */
export function lineChart(spec: ChartSpec, lines: readonly ChartLine[]): string {
  const px = 70;
  const py = 50;
  const pw = 520;
  const ph = 300;
  const W = 900;
  const H = py + ph + 60;
  const ty = (v: number): number => (spec.logY ? Math.log10(v) : v);
  const pts = lines.flatMap((l) => l.points).filter((p) => Number.isFinite(p.y) && (!spec.logY || p.y > 0));
  const xs = pts.map((p) => p.x);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const [y0, y1] = spec.yRange
    ? spec.yRange.map(ty)
    : [Math.min(...pts.map((p) => ty(p.y))), Math.max(...pts.map((p) => ty(p.y)))];
  const sx = (x: number): number => px + ((x - x0) / Math.max(1e-12, x1 - x0)) * pw;
  const sy = (y: number): number => py + ph - ((ty(y) - y0) / Math.max(1e-12, y1 - y0)) * ph;
  const parts: string[] = [`<rect x="${px}" y="${py}" width="${pw}" height="${ph}" fill="#fafafa" stroke="#ccc"/>`];
  for (let k = 0; k <= 4; k++) {
    const t = y0 + ((y1 - y0) * k) / 4;
    const v = spec.logY ? 10 ** t : t;
    const y = py + ph - (ph * k) / 4;
    parts.push(`<line x1="${px}" x2="${px + pw}" y1="${y}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<text x="${px - 6}" y="${y + 4}" font-size="10" text-anchor="end">${Number(v.toPrecision(2))}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<text x="${sx(x)}" y="${py + ph + 14}" font-size="10" text-anchor="middle">${x}</text>`);
  }
  parts.push(`<text x="${px + pw / 2}" y="${py + ph + 32}" font-size="11" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  parts.push(`<text x="${px}" y="${py - 8}" font-size="11">${esc(spec.yLabel)}</text>`);
  lines.forEach((l, i) => {
    const color = runColors[l.color % runColors.length];
    const ok = l.points.filter((p) => Number.isFinite(p.y) && (!spec.logY || p.y > 0));
    const d = ok.map((p, k) => `${k ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
    const dash = l.dashed ? ' stroke-dasharray="5,4"' : '';
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${l.dashed ? 1.2 : 2}"${dash}/>`);
    const ly = py + 6 + i * 16;
    parts.push(
      `<line x1="${px + pw + 16}" x2="${px + pw + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${px + pw + 46}" y="${ly + 4}" font-size="11">${esc(l.label)}</text>`);
  });
  return svgDocument(W, H, px, spec.title, parts);
}
