import type { LayerLinks } from '../../worker/protocol';
import { el } from '../dom';
import { classColors } from './colors';

/** Below this many units in the lower layer every line is drawn; above it only each upper unit's strongest few. */
export const ALL_LINES_UP_TO = 12;
/** Incoming lines kept per upper unit when the lower layer is wide. */
export const STRONGEST_PER_UNIT = 3;
/** Lines drawn in the whole drawing at most. */
export const MAX_LINES = 1500;
/** Redraws at most this often, whatever the frame rate. */
const MIN_INTERVAL_MS = 250;
/** Opacity factor of lines that touch a dead unit. */
const DEAD_FADE = 0.12;
/** Colour of the unsigned lines from a block of many inputs (their width is a weight norm). */
const NORM_COLOR = '#8a94a0';

interface Line {
  readonly i: number;
  readonly j: number;
  readonly w: number;
}

/**
 * The lines of one layer pair to draw: all of them for a narrow lower layer, else the `STRONGEST_PER_UNIT` largest
 * |w| into each upper unit. Exported for tests.
 */
export function pickLines(link: LayerLinks): Line[] {
  const { from, to, w } = link;
  const lines: Line[] = [];
  if (from <= ALL_LINES_UP_TO) {
    for (let i = 0; i < from; i++) for (let j = 0; j < to; j++) lines.push({ i, j, w: w[i * to + j] });
    return lines;
  }
  const best: number[] = [];
  for (let j = 0; j < to; j++) {
    best.length = 0;
    for (let i = 0; i < from; i++) {
      const a = Math.abs(w[i * to + j]);
      let k = best.length;
      while (k > 0 && Math.abs(w[best[k - 1] * to + j]) < a) k--;
      if (k < STRONGEST_PER_UNIT) {
        best.splice(k, 0, i);
        if (best.length > STRONGEST_PER_UNIT) best.pop();
      }
    }
    for (const i of best) lines.push({ i, j, w: w[i * to + j] });
  }
  return lines;
}

/**
 * Weight lines between consecutive columns of the network drawing (input nodes, unit thumbnails of each hidden layer,
 * output nodes; TensorFlow Playground style), on one canvas behind them: colour is the sign (blue positive, orange
 * negative; grey for the norms from an input block), width and opacity grow with |w|, and lines into or out of dead
 * units are faded. Redrawn at most four times a second.
 */
export class WeightLines {
  readonly canvas = el('canvas', { class: 'weight-lines', 'data-testid': 'weight-lines' });
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: (() => void) | null = null;

  /**
   * Schedules a redraw for the given nodes (`columns[column][node]`: inputs, each hidden layer, outputs), dead marks
   * per column (`dead[column][node]`, none for inputs and outputs) and weights (`links[k]`: column k to k + 1).
   */
  draw(
    container: HTMLElement,
    columns: readonly (readonly HTMLElement[])[],
    dead: readonly (readonly boolean[] | undefined)[],
    links: readonly LayerLinks[],
  ): void {
    this.pending = () => this.paint(container, columns, dead, links);
    const wait = this.last + MIN_INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    this.last = performance.now();
    const p = this.pending;
    this.pending = null;
    p?.();
  }

  private paint(
    container: HTMLElement,
    columns: readonly (readonly HTMLElement[])[],
    dead: readonly (readonly boolean[] | undefined)[],
    links: readonly LayerLinks[],
  ): void {
    if (!this.canvas.isConnected) return;
    const width = container.scrollWidth;
    const height = container.scrollHeight;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const box = container.getBoundingClientRect();
    const ox = container.scrollLeft - box.left;
    const oy = container.scrollTop - box.top;
    // One layout read per node, not per line.
    const rects = columns.map((row) => row.map((t) => t.getBoundingClientRect()));
    let drawn = 0;
    let faded = 0;
    const perPair: number[] = [];
    links.forEach((link, pair) => {
      const before = drawn;
      const lower = rects[pair] ?? [];
      const upper = rects[pair + 1] ?? [];
      const deadLower = dead[pair] ?? [];
      const deadUpper = dead[pair + 1] ?? [];
      const lines = pickLines(link);
      let max = 1e-12;
      for (const l of lines) max = Math.max(max, Math.abs(l.w));
      for (const l of lines) {
        const ra = lower[l.i];
        const rb = upper[l.j];
        if (!ra || !rb || drawn >= MAX_LINES) continue;
        const x1 = ra.right + ox;
        const y1 = ra.top + ra.height / 2 + oy;
        const x2 = rb.left + ox;
        const y2 = rb.top + rb.height / 2 + oy;
        const s = Math.abs(l.w) / max;
        const isDead = deadLower[l.i] === true || deadUpper[l.j] === true;
        ctx.globalAlpha = (0.15 + 0.75 * s) * (isDead ? DEAD_FADE : 1);
        ctx.strokeStyle = link.magnitude ? NORM_COLOR : l.w >= 0 ? classColors[1] : classColors[0];
        ctx.lineWidth = 0.5 + 3 * s;
        const mx = (x1 + x2) / 2;
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
        ctx.stroke();
        drawn++;
        if (isDead) faded++;
      }
      perPair.push(drawn - before);
    });
    ctx.globalAlpha = 1;
    this.canvas.dataset.lines = String(drawn);
    this.canvas.dataset.faded = String(faded);
    this.canvas.dataset.perPair = perPair.join(',');
  }
}
