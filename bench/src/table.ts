/** A printable table: a title, column headers and rows of cells. */
export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: string[][];
  /** Lines printed under the table (what a ratio means, what was skipped and why). */
  readonly notes: string[];
}

/** An empty table to fill row by row. */
export function table(title: string, headers: readonly string[]): Table {
  return { title, headers, rows: [], notes: [] };
}

/** Renders a table as GitHub markdown. */
export function markdown(t: Table): string {
  const lines = [`### ${t.title}`, '', `| ${t.headers.join(' | ')} |`, `| ${t.headers.map(() => '---').join(' | ')} |`];
  for (const r of t.rows) lines.push(`| ${r.join(' | ')} |`);
  if (t.notes.length) lines.push('', ...t.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

/** Renders a table for the terminal with aligned columns. */
export function plain(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ');
  const lines = [`\n== ${t.title}`, fmt(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(fmt)];
  for (const n of t.notes) lines.push(`  * ${n}`);
  return lines.join('\n');
}

/** A number with `digits` significant digits, or `n/a`. */
export function num(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const mag = Math.abs(x);
  if (mag >= 10 ** digits) return x.toFixed(0);
  return x.toPrecision(digits);
}

/** `a / b` as `12.3×`, or `n/a`. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  return `${num(a / b)}×`;
}
