import type { Metrics } from '../../engine/trainer';
import { runColors } from '../../scenarios/palette';
import { hiDpiCanvas } from '../dom';

/** A metric history per run. */
export interface RunHistory {
  readonly label: string;
  readonly points: readonly Metrics[];
}

type Key = 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy';

/** Which runs a chart draws, and which one stands out. */
export interface ChartView {
  /** Indices of runs the user turned off. */
  readonly hidden?: ReadonlySet<number>;
  /** The run the other views show: drawn thick and on top. */
  readonly selected?: number;
}

/** Runs in drawing order: the visible ones, the selected run last so it lies on top. */
export function drawOrder(count: number, view: ChartView = {}): number[] {
  const order: number[] = [];
  for (let i = 0; i < count; i++) if (!view.hidden?.has(i) && i !== view.selected) order.push(i);
  if (view.selected !== undefined && view.selected < count && !view.hidden?.has(view.selected)) order.push(view.selected);
  return order;
}

/** A line chart of train (solid) and test (dashed) curves, one colour per run. */
export class CurveChart {
  readonly canvas: HTMLCanvasElement;
  private readonly w: number;
  private readonly h: number;

  constructor(
    private readonly title: string,
    private readonly keys: readonly [Key, Key],
    private readonly log: boolean,
    testid: string,
    w = 340,
    h = 150,
  ) {
    this.w = w;
    this.h = h;
    this.canvas = hiDpiCanvas(w, h, { class: 'chart', role: 'img', 'aria-label': title, 'data-testid': testid });
  }

  /** Redraws the curves of every run the view does not hide; the selected run thick, when there are several. */
  draw(all: readonly RunHistory[], view: ChartView = {}): void {
    const order = drawOrder(all.length, view);
    const runs = order.map((i) => all[i]);
    const thick = all.length > 1 ? view.selected : undefined;
    this.canvas.setAttribute(
      'aria-label',
      all.length > 1
        ? `${this.title}; runs drawn: ${
            all
              .filter((_, i) => order.includes(i))
              .map((r) => r.label)
              .join(', ') || 'none'
          }${thick !== undefined && order.includes(thick) ? `; thick: ${all[thick].label}` : ''}`
        : this.title,
    );
    const ctx = this.canvas.getContext('2d')!;
    const { w, h } = this;
    const pad = { l: 44, r: 8, t: 18, b: 18 };
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#333';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(this.title, pad.l, 12);
    const values: number[] = [];
    let maxStep = 1;
    for (const r of runs)
      for (const p of r.points) {
        maxStep = Math.max(maxStep, p.step);
        for (const k of this.keys) {
          const v = p[k];
          if (v !== undefined && Number.isFinite(v) && (!this.log || v > 0)) values.push(v);
        }
      }
    if (values.length === 0) return;
    const f = (v: number): number => (this.log ? Math.log10(v) : v);
    let lo = this.log ? f(Math.min(...values)) : 0;
    let hi = this.log ? f(Math.max(...values)) : Math.max(1, ...values);
    if (hi - lo < 1e-6) {
      lo -= 0.5;
      hi += 0.5;
    }
    const x = (s: number): number => pad.l + (s / maxStep) * (w - pad.l - pad.r);
    const y = (v: number): number => h - pad.b - ((f(v) - lo) / (hi - lo)) * (h - pad.t - pad.b);
    ctx.strokeStyle = '#ddd';
    ctx.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
    ctx.fillStyle = '#666';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    const fmt = (v: number): string => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(2) : v.toExponential(0));
    ctx.fillText(fmt(this.log ? 10 ** hi : hi), pad.l - 4, pad.t + 8);
    ctx.fillText(fmt(this.log ? 10 ** lo : lo), pad.l - 4, h - pad.b);
    ctx.textAlign = 'left';
    ctx.fillText(`step ${maxStep}`, w - pad.r - 56, h - 4);
    runs.forEach((r, n) => {
      const i = order[n];
      ctx.strokeStyle = runColors[i % runColors.length];
      this.keys.forEach((k, j) => {
        ctx.setLineDash(j === 0 ? [] : [4, 3]);
        ctx.lineWidth = i === thick ? 3.2 : 1.6;
        ctx.beginPath();
        let started = false;
        for (const p of r.points) {
          const v = p[k];
          if (v === undefined || !Number.isFinite(v) || (this.log && v <= 0)) continue;
          if (started) ctx.lineTo(x(p.step), y(v));
          else ctx.moveTo(x(p.step), y(v));
          started = true;
        }
        ctx.stroke();
      });
    });
    ctx.setLineDash([]);
  }
}
