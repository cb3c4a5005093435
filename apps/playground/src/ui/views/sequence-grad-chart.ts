import { hiDpiCanvas } from '../dom';

const W = 600;
const H = 170;
const PAD = { left: 56, right: 10, top: 10, bottom: 28 };

/** The norm in short form: 3.2e-5, 0.041, or 0. */
export const shortNorm = (v: number): string => (v === 0 ? '0' : v >= 0.01 && v < 1000 ? v.toFixed(3) : v.toExponential(1));

/**
 * ‖∂loss/∂h_t‖ against the time step t on a log scale: where it falls towards t = 1 the gradient vanishes through
 * time. Steps where it is exactly 0 (underflow) are drawn on the bottom edge as crosses.
 */
export class SequenceGradChart {
  readonly canvas = hiDpiCanvas(W, H, {
    class: 'chart',
    role: 'img',
    'aria-label': 'gradient norm per time step: no model yet',
    'data-testid': 'sequence-grad-chart',
  });

  /** Draws one norm per step, t = 1…T. */
  draw(norms: readonly number[]): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const T = norms.length;
    const positive = norms.filter((v) => v > 0 && Number.isFinite(v));
    ctx.clearRect(0, 0, W, H);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#56616d';
    ctx.strokeStyle = '#c8d0d9';
    ctx.strokeRect(PAD.left, PAD.top, W - PAD.left - PAD.right, H - PAD.top - PAD.bottom);
    ctx.fillText('t = 1', PAD.left, H - 10);
    ctx.fillText(`t = ${T}`, W - PAD.right - 40, H - 10);
    ctx.fillText('time step →', W / 2 - 30, H - 10);
    if (positive.length === 0) {
      ctx.fillText('every norm is 0', PAD.left + 10, H / 2);
      this.canvas.setAttribute('aria-label', `gradient norm per time step over ${T} steps: every norm is 0`);
      return;
    }
    let lo = Math.log10(Math.min(...positive));
    let hi = Math.log10(Math.max(...positive));
    if (hi - lo < 1) {
      lo -= 0.5;
      hi += 0.5;
    }
    ctx.fillText(`1e${Math.ceil(hi)}`, 4, PAD.top + 10);
    ctx.fillText(`1e${Math.floor(lo)}`, 4, H - PAD.bottom);
    const x = (t: number): number => PAD.left + (T === 1 ? 0 : (t / (T - 1)) * (W - PAD.left - PAD.right));
    const y = (v: number): number =>
      PAD.top + (1 - (Math.log10(v) - Math.floor(lo)) / (Math.ceil(hi) - Math.floor(lo))) * (H - PAD.top - PAD.bottom);
    ctx.strokeStyle = '#0877bd';
    ctx.lineWidth = 2;
    ctx.beginPath();
    let open = false;
    norms.forEach((v, t) => {
      if (!(v > 0) || !Number.isFinite(v)) {
        open = false;
        return;
      }
      if (open) ctx.lineTo(x(t), y(v));
      else ctx.moveTo(x(t), y(v));
      open = true;
    });
    ctx.stroke();
    ctx.strokeStyle = '#b03a2e';
    ctx.lineWidth = 1;
    const zeros = norms.filter((v) => v === 0).length;
    norms.forEach((v, t) => {
      if (v !== 0) return;
      const cx = x(t);
      const cy = H - PAD.bottom - 4;
      ctx.beginPath();
      ctx.moveTo(cx - 3, cy - 3);
      ctx.lineTo(cx + 3, cy + 3);
      ctx.moveTo(cx + 3, cy - 3);
      ctx.lineTo(cx - 3, cy + 3);
      ctx.stroke();
    });
    this.canvas.setAttribute(
      'aria-label',
      `gradient norm per time step over ${T} steps: ${shortNorm(norms[0])} at t = 1, ${shortNorm(norms[T - 1])} at t = ${T}${
        zeros > 0 ? `; exactly 0 at ${zeros} steps` : ''
      }`,
    );
  }
}
