import type { ConvViews } from '../../worker/conv-frames';
import { button, el } from '../dom';
import { divergingRgb } from './colors';
import { maxAbs } from './weight-image';

/** Drawn side of a filter or feature map, in CSS pixels. */
const CELL = 40;

/** A canvas showing `n` values of `data` from `offset` as a `h × w` image, coloured by `colour(value) → RGBA`. */
function imageCanvas(
  data: Float32Array,
  offset: number,
  h: number,
  w: number,
  colour: (v: number, out: Uint8ClampedArray, o: number) => void,
  attrs: Record<string, string>,
): HTMLCanvasElement {
  const c = el('canvas', { width: w, height: h, class: 'fm-cell', role: 'img', ...attrs });
  const img = new ImageData(w, h);
  for (let k = 0; k < h * w; k++) colour(data[offset + k], img.data, 4 * k);
  c.getContext('2d')!.putImageData(img, 0, 0);
  c.style.width = `${CELL}px`;
  c.style.height = `${(CELL * h) / w}px`;
  return c;
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/**
 * "See inside" a CNN: the first conv layer's filters as images (blue +, orange −), a picker of test images, and for
 * the picked image the feature maps of every conv stage (dark = large output, white = 0), each channel captioned
 * with its share of zeros on the probe batch; dead channels (0 everywhere on the probe batch) get a double outline.
 */
export class FeatureMapsView {
  readonly root = el('section', { class: 'panel feature-maps', 'data-testid': 'feature-maps', hidden: true });
  private picked = 0;
  private last: ConvViews | null = null;

  /** Draws a frame's CNN views, or hides the panel when the network has no conv stage. */
  draw(v: ConvViews | undefined): void {
    this.root.hidden = !v;
    if (!v) {
      this.last = null;
      this.root.replaceChildren();
      return;
    }
    this.last = v;
    const [ch, h, w] = v.imageShape;
    const per = ch * h * w;
    const images = v.images.length / per;
    this.picked = Math.min(this.picked, images - 1);
    const f = v.filters;
    const fSize = f.inChannels * f.height * f.width;
    const filters = Array.from({ length: f.count }, (_, k) => {
      const scale = maxAbs(f.weights, k * fSize, f.height * f.width);
      const inv = scale > 0 ? 1 / scale : 0;
      return imageCanvas(f.weights, k * fSize, f.height, f.width, (x, out, o) => divergingRgb(x * inv, out, o), {
        'data-testid': `filter-${k}`,
        'aria-label': `filter ${k + 1} of conv 1 (input channel 1), scaled to its largest |w| = ${scale.toPrecision(3)}`,
        title: `filter ${k + 1}: largest |w| ${scale.toPrecision(3)}`,
      });
    });
    const grey = (x: number, out: Uint8ClampedArray, o: number) => {
      const g = Math.round(255 * (1 - Math.max(0, Math.min(1, x))));
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      out[o + 3] = 255;
    };
    const picker = Array.from({ length: images }, (_, i) => {
      const b = button(
        '',
        () => {
          this.picked = i;
          if (this.last) this.draw(this.last);
        },
        {
          class: i === this.picked ? 'fm-pick picked' : 'fm-pick',
          'data-testid': `fm-image-${i}`,
          'aria-label': `show test image ${i + 1}`,
          'aria-pressed': i === this.picked ? 'true' : 'false',
        },
      );
      b.append(imageCanvas(v.images, i * per, h, w, grey, { 'aria-hidden': 'true' }));
      return b;
    });
    const stages = v.maps.map((m, s) => {
      const st = v.stats[s];
      const plane = m.height * m.width;
      const dead = st.dead.filter(Boolean).length;
      const cells = Array.from({ length: m.channels }, (_, c) => {
        const offset = (this.picked * m.channels + c) * plane;
        const top = Math.max(1e-6, maxAbs(m.maps, offset, plane));
        const canvas = imageCanvas(
          m.maps,
          offset,
          m.height,
          m.width,
          (x, out, o) => {
            if (x >= 0) grey(x / top, out, o);
            else divergingRgb(x / top, out, o);
          },
          {
            'aria-label': `conv ${s + 1}, channel ${c + 1}${st.dead[c] ? ': dead' : ''}, ${pct(st.channelSparsity[c])} zeros on the probe batch`,
          },
        );
        return el(
          'figure',
          {
            class: st.dead[c] ? 'fm-map dead' : 'fm-map',
            'data-testid': `fm-${s}-${c}`,
            title: `channel ${c + 1}: ${pct(st.channelSparsity[c])} zeros on ${v.probeRows} probe images${st.dead[c] ? '; dead: its output is 0 at every position of every probe image' : ''}`,
          },
          canvas,
          el('figcaption', {}, st.dead[c] ? 'dead' : pct(st.channelSparsity[c])),
        );
      });
      return el(
        'div',
        { class: 'fm-stage', 'data-testid': `fm-stage-${s}` },
        el(
          'div',
          { class: 'fm-stage-head', 'data-testid': `fm-stage-${s}-summary` },
          `conv ${s + 1}: ${m.channels} × ${m.height}×${m.width} · zeros ${pct(st.sparsity)} · dead ${dead}/${m.channels}`,
        ),
        el('div', { class: 'fm-cells' }, ...cells),
      );
    });
    this.root.replaceChildren(
      el('h2', {}, 'See inside: filters and feature maps'),
      el('div', { class: 'muted' }, `Filters of conv 1 (blue +, orange −, scaled per filter)`),
      el('div', { class: 'fm-cells', 'data-testid': 'filters' }, ...filters),
      el('div', { class: 'muted' }, 'Test image (click to choose):'),
      el('div', { class: 'fm-cells' }, ...picker),
      el(
        'div',
        { class: 'muted' },
        `Feature maps after each conv stage's activation (dark: large, white: 0, orange: negative); per channel its zeros on ${v.probeRows} probe images; dead channels outlined.`,
      ),
      ...stages,
    );
  }
}
