import type { DigitSamples } from '../../worker/protocol';
import { el } from '../dom';

const SIDE = 28;

/** A grid of test digits, each with the model's guess: green when right, red when wrong. */
export class DigitsView {
  readonly root = el('div', { class: 'digits', 'data-testid': 'digits' });

  /** Redraws the grid (or clears it). */
  draw(d: DigitSamples | undefined): void {
    if (!d) {
      this.root.replaceChildren();
      return;
    }
    const cells = d.predicted.map((p, i) => {
      const c = el('canvas', { width: SIDE, height: SIDE, class: 'digit' });
      const img = new ImageData(SIDE, SIDE);
      for (let k = 0; k < SIDE * SIDE; k++) {
        const v = 255 - Math.round(255 * d.pixels[i * SIDE * SIDE + k]);
        img.data.set([v, v, v, 255], 4 * k);
      }
      c.getContext('2d')!.putImageData(img, 0, 0);
      const ok = p === d.actual[i];
      return el('figure', { class: ok ? 'right' : 'wrong', title: `label ${d.actual[i]}` }, c, el('figcaption', {}, `${p}`));
    });
    this.root.replaceChildren(...cells);
  }
}
