import type { Registry } from '@rectify/core';
import type { LayerStats } from '../../engine/layer-stats';
import { limits } from '../../state/defaults';
import type { HiddenLayerSpec, NormName, PlaygroundState } from '../../state/types';
import { MAXOUT_PIECES } from '../../engine/build-model';
import { type LayerLinks, MAX_DRAWN_UNITS, type MnistUnitViews, type Visuals } from '../../worker/protocol';
import { MAX_DROPOUT, validateState } from '../../state/validate';
import { ConvStagesPanel } from './conv-stages-panel';
import { button, el, field, labelled, numberInput, replaceKeepingFocus, selectInput } from '../dom';
import type { Store } from '../store';
import { classColors, divergingRgb } from '../views/colors';
import { type IoLayout, ioLayout } from '../views/io-nodes';
import { WEIGHT_IMAGE_SIDE, barBaseline, classBars, weightImageRgba } from '../views/weight-image';
import { incomingWeights } from '../views/unit-weights';
import { WeightLines } from '../views/weight-lines';

/** Thumbnails drawn per layer at most; wider layers show a count of the rest. */
const MAX_THUMBS = MAX_DRAWN_UNITS;
const THUMB = 34;

const PIXELS = WEIGHT_IMAGE_SIDE * WEIGHT_IMAGE_SIDE;

/**
 * Layer controls (units, activation, hyper-parameters), the network drawing (input nodes, neuron thumbnails, output
 * nodes and the weight lines between them) and dead-unit marks. Thumbnails show each unit's activation over the
 * plane for 2-D data; on MNIST, the first layer's incoming weights as 28 × 28 images and deeper layers' mean
 * activation per digit.
 */
export class NetworkPanel {
  readonly root = el('section', { class: 'panel network', 'data-testid': 'network' });
  private thumbs: HTMLCanvasElement[][] = [];
  private inputs: HTMLElement[] = [];
  private outputs: HTMLElement[] = [];
  private readonly lines = new WeightLines();
  private layers: HTMLElement = el('div');
  /** The last MNIST unit views: the worker sends them only when the weights change. */
  private unitViews: MnistUnitViews | null = null;
  /** The unit views on the thumbnails now (the thumbnails are new canvases after each render). */
  private drawnViews: MnistUnitViews | null = null;
  /** The last frame drawn, to draw again after a redraw of the panel that keeps the model. */
  private last: { stats: readonly LayerStats[]; v: Visuals | null; links: readonly LayerLinks[] } | null = null;
  private readonly weightImage = new ImageData(WEIGHT_IMAGE_SIDE, WEIGHT_IMAGE_SIDE);
  private readonly weightCanvas = new OffscreenCanvas(WEIGHT_IMAGE_SIDE, WEIGHT_IMAGE_SIDE);

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {
    this.conv = new ConvStagesPanel(store, registry, (message) => {
      this.refused = message;
      this.render();
      if (this.last) this.update(this.last.stats, this.last.v, this.last.links);
    });
    store.subscribe((_, kind) => {
      this.render();
      // A live change (the learning rate) keeps the model: redraw its last frame, since the worker sends no new one
      // while paused. Other changes bring another model, whose first frame follows.
      if (kind === 'live' && this.last) this.update(this.last.stats, this.last.v, this.last.links);
      else {
        this.last = null;
        this.unitViews = null;
      }
    });
    this.render();
  }

  /** The convolution and pooling stages before the dense layers (image sets only). */
  private readonly conv: ConvStagesPanel;

  /** Why the last change was refused (the shared validation, e.g. a PReLU slope count that fits no layer). */
  private refused: string | null = null;

  private setHidden(hidden: HiddenLayerSpec[], residual = this.store.state.network.residual): void {
    const s = this.store.state;
    const network = { ...(s.network.conv ? { conv: s.network.conv } : {}), hidden, residual };
    try {
      validateState({ ...s, network }, this.registry);
    } catch (e) {
      this.refused = (e as Error).message;
      this.render();
      if (this.last) this.update(this.last.stats, this.last.v, this.last.links);
      return;
    }
    this.refused = null;
    this.store.set({ ...s, network });
  }

  private layerColumn(h: HiddenLayerSpec, i: number, hidden: HiddenLayerSpec[]): HTMLElement {
    const update = (next: Partial<HiddenLayerSpec>): void =>
      this.setHidden(hidden.map((l, j) => (j === i ? withoutDefaults({ ...l, ...next }) : l)));
    const maxoutUnit = h.unit === 'maxout';
    const acts = this.registry.listActivations().map((a) => [a.name, a.displayName] as const);
    const plugin = this.registry.hasActivation(h.activation) ? this.registry.activation(h.activation) : null;
    const hyper = Object.entries(plugin?.params ?? {}).map(([k, spec]) => {
      const input = numberInput(
        h.hyper[k] ?? spec.default,
        {
          min: spec.min,
          max: spec.max,
          integer: spec.integer ?? false,
          label: `${k} of layer ${i + 1}`,
          testid: `layer-${i}-hyper-${k}`,
        },
        (v) => update({ hyper: { ...h.hyper, [k]: v } }),
      );
      if (spec.allowInfinity) {
        // A blank box means the default (∞, "no cap"); number inputs cannot show Infinity.
        input.placeholder = '∞';
        input.addEventListener('change', () => {
          if (input.value === '') {
            const { [k]: _, ...rest } = h.hyper;
            update({ hyper: rest });
          }
        });
      }
      return field(k, input, spec.description);
    });
    const col = el(
      'div',
      { class: 'layer', 'data-testid': `layer-${i}` },
      el(
        'div',
        { class: 'layer-head' },
        el('strong', {}, `Layer ${i + 1}`),
        el(
          'div',
          { class: 'units' },
          button('−', () => update({ units: Math.max(1, h.units - 1) }), {
            'data-testid': `layer-${i}-minus`,
            title: 'fewer units',
          }),
          numberInput(
            h.units,
            {
              min: 1,
              max: limits.maxUnits,
              step: 1,
              integer: true,
              label: `units of layer ${i + 1}`,
              testid: `layer-${i}-units`,
            },
            (v) => update({ units: v }),
          ),
          button('+', () => update({ units: Math.min(limits.maxUnits, h.units + 1) }), {
            'data-testid': `layer-${i}-plus`,
            title: 'more units',
          }),
        ),
        labelled(
          selectInput(
            UNIT_CHOICES,
            h.unit ?? 'dense',
            (v) => update({ unit: v === 'maxout' ? 'maxout' : undefined }),
            `layer-${i}-unit`,
          ),
          `unit kind of layer ${i + 1}`,
        ),
        ...(maxoutUnit
          ? []
          : [
              labelled(
                selectInput(acts, h.activation, (v) => update({ activation: v, hyper: {} }), `layer-${i}-activation`),
                `activation of layer ${i + 1}`,
              ),
              ...hyper,
            ]),
        labelled(
          selectInput(
            NORM_CHOICES,
            h.norm ?? 'none',
            (v) => update({ norm: v === 'none' ? undefined : (v as NormName) }),
            `layer-${i}-norm`,
          ),
          `norm of layer ${i + 1}`,
        ),
        field(
          'dropout',
          numberInput(
            h.dropout ?? 0,
            { min: 0, max: MAX_DROPOUT, step: 0.05, label: `dropout rate of layer ${i + 1}`, testid: `layer-${i}-dropout` },
            (v) => update({ dropout: v > 0 ? v : undefined }),
          ),
          "fraction of this layer's outputs zeroed at each training step (0: none); inference keeps them all",
        ),
        el('div', { class: 'layer-kind', 'data-testid': `layer-${i}-kind` }, layerKind(h, plugin?.displayName ?? h.activation)),
        el('div', { class: 'layer-dead', 'data-testid': `layer-${i}-dead` }, ''),
      ),
    );
    const legend = thumbLegend(this.store.state.dataset.name === 'mnist' && !this.store.state.network.conv, i);
    if (legend) col.append(el('div', { class: 'thumb-legend', 'data-testid': `layer-${i}-legend` }, legend));
    const grid = el('div', { class: 'thumbs' });
    const row: HTMLCanvasElement[] = [];
    for (let u = 0; u < Math.min(h.units, MAX_THUMBS); u++) {
      const c = el('canvas', {
        class: 'thumb',
        width: THUMB,
        height: THUMB,
        title: `layer ${i + 1}, unit ${u + 1}`,
        role: 'img',
        'aria-label': `layer ${i + 1}, unit ${u + 1}`,
      });
      // Hover enlarges the thumbnail (CSS) and shows its incoming weights, read from the last frame only then.
      c.addEventListener('mouseenter', () => this.describeWeights(c, i, u));
      row.push(c);
      grid.append(c);
    }
    if (h.units > MAX_THUMBS) grid.append(el('span', { class: 'more' }, `+${h.units - MAX_THUMBS}`));
    this.thumbs.push(row);
    col.append(grid);
    return col;
  }

  private inputColumn(io: IoLayout): HTMLElement {
    this.inputs = io.inputs.map((n, k) =>
      el(
        'div',
        {
          class: io.inputBlock ? 'io-node io-block' : 'io-node',
          title: n.title,
          role: 'img',
          'aria-label': n.title,
          'data-testid': `input-node-${k}`,
        },
        n.label,
      ),
    );
    return el(
      'div',
      { class: 'io-col', 'data-testid': 'network-inputs' },
      el('strong', {}, 'Input'),
      el('div', { class: 'io-nodes' }, ...this.inputs),
    );
  }

  private outputColumn(io: IoLayout): HTMLElement {
    this.outputs = io.outputs.map((n, k) =>
      el(
        'div',
        { class: 'io-node', title: n.title, role: 'img', 'aria-label': n.title, 'data-testid': `output-node-${k}` },
        n.label,
      ),
    );
    return el(
      'div',
      { class: 'io-col', 'data-testid': 'network-outputs' },
      el('strong', {}, 'Output'),
      el('div', { class: io.outputs.length > 4 ? 'io-nodes dense' : 'io-nodes' }, ...this.outputs),
    );
  }

  /** Sets a 2-D thumbnail's tooltip to its incoming weights in the last frame drawn (MNIST's say what they draw). */
  private describeWeights(c: HTMLCanvasElement, layer: number, unit: number): void {
    const link = this.last?.links[layer];
    if (!link || this.store.state.dataset.name === 'mnist') return;
    const sources =
      layer === 0 ? ioLayout(this.store.state.dataset.name, this.store.state.dataset.features).inputs.map((n) => n.label) : [];
    const weights = incomingWeights(link, unit, sources);
    if (weights) c.title = `layer ${layer + 1}, unit ${unit + 1}: ${weights}`;
  }

  /** Draws the MNIST thumbnails: weight images for the first layer, per-digit bars for the deeper ones. */
  private drawUnitViews(mu: MnistUnitViews): void {
    this.drawnViews = mu;
    const first = this.thumbs[0] ?? [];
    const tmpCtx = this.weightCanvas.getContext('2d')!;
    for (let u = 0; u < Math.min(mu.units, first.length); u++) {
      const scale = weightImageRgba(mu.firstLayer, u * PIXELS, PIXELS, this.weightImage.data);
      tmpCtx.putImageData(this.weightImage, 0, 0);
      const c = first[u];
      const ctx = c.getContext('2d')!;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(this.weightCanvas, 0, 0, THUMB, THUMB);
      c.title = `layer 1, unit ${u + 1}: incoming weights as a 28 × 28 image, scaled per unit: full blue = +${fmt(scale)}, full orange = −${fmt(scale)}, white = 0`;
    }
    mu.classMeans.forEach((means, k) => {
      const i = k + 1;
      const row = this.thumbs[i] ?? [];
      const drawn = means.length / mu.classes;
      for (let u = 0; u < Math.min(drawn, row.length); u++) {
        const values = means.subarray(u * mu.classes, (u + 1) * mu.classes);
        const c = row[u];
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, THUMB, THUMB);
        // The baseline shows even when every mean is 0 (a unit silent on every digit), so a chart is never blank.
        ctx.fillStyle = '#9aa5b1';
        ctx.fillRect(0, Math.min(THUMB - 1, barBaseline(values, THUMB)), THUMB, 1);
        for (const b of classBars(values, THUMB, THUMB)) {
          ctx.fillStyle = b.value >= 0 ? classColors[1] : classColors[0];
          ctx.fillRect(b.x, b.y, b.width, b.height);
        }
        let best = 0;
        for (let d = 1; d < values.length; d++) if (values[d] > values[best]) best = d;
        const list = Array.from(values, (v, d) => `${d}: ${fmt(v)}`).join(', ');
        c.title = `layer ${i + 1}, unit ${u + 1}: mean activation per digit (bars 0–9, left to right) on ${mu.probeRows} training images; highest for ${best}. ${list}`;
      }
    });
  }

  private render(): void {
    const s: PlaygroundState = this.store.state;
    this.drawnViews = null;
    const hidden = [...s.network.hidden];
    this.thumbs = [];
    const residual = el('input', {
      type: 'checkbox',
      'data-testid': 'residual',
      ...(s.network.residual ? { checked: true } : {}),
    });
    residual.addEventListener('change', () => this.setHidden(hidden, residual.checked));
    const tools = el(
      'div',
      { class: 'network-tools' },
      button(
        '+ layer',
        () =>
          hidden.length < limits.maxHiddenLayers &&
          this.setHidden([...hidden, { ...(hidden[hidden.length - 1] ?? { units: 8, activation: 'relu', hyper: {} }) }]),
        {
          'data-testid': 'add-layer',
        },
      ),
      button('− layer', () => hidden.length > 0 && this.setHidden(hidden.slice(0, -1)), { 'data-testid': 'remove-layer' }),
      el(
        'span',
        { class: 'count', 'data-testid': 'layer-count' },
        `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'}`,
      ),
      el('label', { class: 'check' }, residual, ' residual connections'),
    );
    const io = ioLayout(s.dataset.name, s.dataset.features);
    const cols = el(
      'div',
      { class: 'layers' },
      this.lines.canvas,
      this.inputColumn(io),
      ...hidden.map((h, i) => this.layerColumn(h, i, hidden)),
      this.outputColumn(io),
    );
    this.layers = cols;
    const refused = el('div', { class: 'refused', role: 'alert', 'data-testid': 'network-error' }, this.refused ?? '');
    const convFront = this.conv.render();
    replaceKeepingFocus(this.root, el('h2', {}, 'Network'), ...(convFront ? [convFront] : []), tools, refused, cols);
  }

  /**
   * Keeps a frame's MNIST unit views without drawing them: the worker sends them only when the weights changed, so a
   * frame whose drawing was skipped must not lose them.
   */
  remember(v: Visuals | null): void {
    if (v?.mnistUnits) this.unitViews = v.mnistUnits;
  }

  /** Draws the neuron thumbnails and the weight lines between the drawing's columns, and marks dead units. */
  update(stats: readonly LayerStats[], v: Visuals | null, links: readonly LayerLinks[] = []): void {
    const columns = [this.inputs, ...this.thumbs, this.outputs];
    const dead = [undefined, ...stats.map((st) => st.dead), undefined];
    this.lines.draw(this.layers, columns, dead, links);
    this.last = { stats, v, links };
    this.remember(v);
    if (this.unitViews && this.unitViews !== this.drawnViews) this.drawUnitViews(this.unitViews);
    stats.forEach((st, i) => {
      const label = this.root.querySelector(`[data-testid="layer-${i}-dead"]`);
      const dead = st.dead.filter(Boolean).length;
      const saturated = st.saturated.filter(Boolean).length;
      if (label) {
        label.textContent = `${dead}/${st.units} dead${saturated > 0 ? ` · ${saturated} saturated` : ''}`;
        label.classList.toggle('has-dead', dead > 0);
      }
      const row = this.thumbs[i] ?? [];
      row.forEach((c, u) => {
        c.classList.toggle('dead', st.dead[u] === true);
        c.classList.toggle('saturated', st.saturated[u] === true);
        const state = st.dead[u]
          ? ': dead (no gradient on any probe input)'
          : st.saturated[u]
            ? ': saturated (f′ < 0.01 on every probe input)'
            : '';
        c.setAttribute('aria-label', `layer ${i + 1}, unit ${u + 1}${state}`);
        const map = v?.neurons[i]?.[u];
        if (!map || !v) return;
        let m = 1e-6;
        for (const x of map) m = Math.max(m, Math.abs(x));
        const img = new ImageData(v.neuronRes, v.neuronRes);
        for (let k = 0; k < map.length; k++) divergingRgb(map[k] / m, img.data, 4 * k);
        const tmp = new OffscreenCanvas(v.neuronRes, v.neuronRes);
        tmp.getContext('2d')!.putImageData(img, 0, 0);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(tmp, 0, 0, THUMB, THUMB);
      });
    });
  }
}

/** The unit kinds a hidden layer may have. */
const UNIT_CHOICES = [
  ['dense', 'dense'],
  ['maxout', `Maxout (${MAXOUT_PIECES} pieces)`],
] as const;

/** The norms a hidden layer may have after its dense layer. */
const NORM_CHOICES = [
  ['none', 'no norm'],
  ['batch-norm', 'BatchNorm'],
  ['layer-norm', 'LayerNorm'],
] as const;

/** A layer's spec with its optional choices left out at their defaults, as the state keeps them. */
function withoutDefaults(h: HiddenLayerSpec): HiddenLayerSpec {
  const { unit, norm, dropout, ...rest } = h;
  return { ...rest, ...(unit ? { unit } : {}), ...(norm ? { norm } : {}), ...(dropout ? { dropout } : {}) };
}

/** The layer's pipeline as the drawing labels it, e.g. `dense → BatchNorm → ReLU → dropout 0.2`. */
export function layerKind(h: HiddenLayerSpec, activationName: string): string {
  const parts = [h.unit === 'maxout' ? `Maxout ×${MAXOUT_PIECES}` : 'dense'];
  const norm = NORM_CHOICES.find(([v]) => v === h.norm);
  if (norm) parts.push(norm[1]);
  if (h.unit !== 'maxout') parts.push(activationName);
  if (h.dropout) parts.push(`dropout ${h.dropout}`);
  return parts.join(' → ');
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : 'n/a');

/** What a layer's thumbnails show, said under its controls (MNIST only: 2-D thumbnails explain themselves). */
function thumbLegend(mnist: boolean, layer: number): string | null {
  if (!mnist) return null;
  return layer === 0
    ? 'thumbnails: incoming weights, 28 × 28, colours scaled per unit (blue +, orange −, white 0)'
    : 'thumbnails: mean activation per digit, bars 0–9, scaled per unit';
}
