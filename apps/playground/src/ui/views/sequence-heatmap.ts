import { hiDpiCanvas } from '../dom';
import { divergingRgb } from './colors';

const WIDTH = 600;
const MARK = 10;
const DEAD = '#b03a2e';

/** Units whose index is listed, in words: "units 3, 7 and 12". */
export function unitList(indices: readonly number[]): string {
  const names = indices.map((i) => String(i + 1));
  if (names.length <= 1) return `unit ${names[0] ?? ''}`.trim();
  return `units ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * One example's hidden states as a heatmap, a row per recurrent unit and a column per time step (blue positive,
 * orange negative, scaled to the largest |h| of the example). Dead units get a red mark left of their row and a
 * red line through it, so they are told apart without colour too.
 */
export class SequenceHeatmap {
  readonly canvas: HTMLCanvasElement;
  private height = 0;

  constructor() {
    this.canvas = hiDpiCanvas(WIDTH + MARK, 160, {
      class: 'sequence-heatmap',
      role: 'img',
      'aria-label': 'hidden state over time: no model yet',
      'data-testid': 'sequence-heatmap',
    });
  }

  /** Draws `states` (`[steps, units]` of one example). */
  draw(states: Float32Array, steps: number, units: number, dead: readonly boolean[], example: number): void {
    const rowH = Math.max(3, Math.min(12, Math.floor(320 / units)));
    const height = rowH * units;
    if (height !== this.height) {
      const next = hiDpiCanvas(WIDTH + MARK, height, {});
      this.canvas.width = next.width;
      this.canvas.height = next.height;
      this.canvas.style.height = `${height}px`;
      this.canvas.getContext('2d')?.setTransform(next.width / (WIDTH + MARK), 0, 0, next.height / height, 0, 0);
      this.height = height;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    let max = 0;
    for (const v of states) max = Math.max(max, Math.abs(v));
    const image = new ImageData(steps, units);
    for (let t = 0; t < steps; t++) {
      for (let j = 0; j < units; j++) divergingRgb(max > 0 ? states[t * units + j] / max : 0, image.data, (j * steps + t) * 4);
    }
    const off = document.createElement('canvas');
    off.width = steps;
    off.height = units;
    off.getContext('2d')?.putImageData(image, 0, 0);
    ctx.clearRect(0, 0, WIDTH + MARK, height);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, MARK, 0, WIDTH, height);
    ctx.fillStyle = DEAD;
    ctx.strokeStyle = DEAD;
    const deadUnits: number[] = [];
    dead.forEach((d, j) => {
      if (!d) return;
      deadUnits.push(j);
      ctx.fillRect(0, j * rowH + 1, MARK - 2, Math.max(1, rowH - 2));
      ctx.beginPath();
      ctx.moveTo(MARK, j * rowH + rowH / 2);
      ctx.lineTo(MARK + WIDTH, j * rowH + rowH / 2);
      ctx.stroke();
    });
    this.canvas.setAttribute(
      'aria-label',
      `hidden state of example ${example + 1}: ${units} units over ${steps} steps, largest |h| ${max.toPrecision(3)}; ${
        deadUnits.length === 0 ? 'no dead unit' : `dead: ${unitList(deadUnits)}`
      }`,
    );
  }
}
