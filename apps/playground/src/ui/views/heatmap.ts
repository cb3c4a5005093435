import { GRID_EXTENT } from '../../engine/grid';
import type { Visuals } from '../../worker/protocol';
import { el, hiDpiCanvas } from '../dom';
import { classColors, divergingRgb } from './colors';
import { drawLegend, outputShade, planeAxes } from './output-legend';

/** The training/test points drawn over the heatmap. */
export interface Points {
  readonly train: Float32Array;
  readonly trainY: Float32Array;
  readonly test: Float32Array;
  readonly testY: Float32Array;
}

/** The decision boundary (or regression surface) with train and test points. */
export class Heatmap {
  readonly canvas: HTMLCanvasElement;
  /** The heatmap with its x₁ and x₂ axes and colour legend. */
  readonly root: HTMLElement;
  private readonly legend = el('div', { class: 'legend', role: 'img', 'data-testid': 'output-legend' });
  private readonly size: number;
  private points: Points | null = null;
  private task = 'binary';
  private showTest = true;

  constructor(size = 340) {
    this.size = size;
    this.canvas = hiDpiCanvas(size, size, {
      class: 'heatmap',
      role: 'img',
      'aria-label': "the network's output over the plane (blue one class, orange the other) with the training points",
      'data-testid': 'heatmap',
    });
    // Fits the panel beside its x₂ axis: drawn at `size`, shown at most that wide.
    this.canvas.style.width = '100%';
    this.canvas.style.height = 'auto';
    this.canvas.style.maxWidth = `${size}px`;
    const axes = planeAxes();
    this.root = el('figure', { class: 'output-figure' }, axes.y, this.canvas, axes.x, this.legend);
    drawLegend(this.legend, this.task);
  }

  /** Sets the points and the task (`binary` maps p to [-1, 1], `regression` shows values as they are). */
  setData(points: Points | null, task: string): void {
    this.points = points;
    this.task = task;
    drawLegend(this.legend, task);
  }

  /** Shows or hides the test points. */
  setShowTest(show: boolean): void {
    this.showTest = show;
  }

  /** Redraws from the model output grid. */
  draw(v: Visuals | null): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.clearRect(0, 0, this.size, this.size);
    if (v) {
      const img = new ImageData(v.res, v.res);
      for (let i = 0; i < v.output.length; i++) {
        outputShade(v.output[i], this.task, img.data, 4 * i);
      }
      const tmp = new OffscreenCanvas(v.res, v.res);
      tmp.getContext('2d')!.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tmp, 0, 0, this.size, this.size);
    }
    if (!this.points) return;
    const scale = this.size / (2 * GRID_EXTENT);
    const rgb = new Uint8ClampedArray(4);
    const dot = (xs: Float32Array, ys: Float32Array, stroke: string): void => {
      for (let i = 0; i < ys.length; i++) {
        const px = (xs[2 * i] + GRID_EXTENT) * scale;
        const py = (GRID_EXTENT - xs[2 * i + 1]) * scale;
        const y = ys[i];
        if (this.task === 'binary') ctx.fillStyle = classColors[y > 0.5 ? 1 : 0];
        else {
          divergingRgb(y, rgb, 0);
          ctx.fillStyle = `rgb(${rgb[0]},${rgb[1]},${rgb[2]})`;
        }
        ctx.strokeStyle = stroke;
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.arc(px, py, 3, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    };
    dot(this.points.train, this.points.trainY, this.task === 'binary' ? '#fff' : '#888');
    if (this.showTest) dot(this.points.test, this.points.testY, '#222');
  }
}
