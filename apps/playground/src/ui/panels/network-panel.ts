import type { Registry } from '@rectify/core';
import type { LayerStats } from '../../engine/layer-stats';
import { limits } from '../../state/defaults';
import type { HiddenLayerSpec, PlaygroundState } from '../../state/types';
import { type LayerLinks, MAX_DRAWN_UNITS, type Visuals } from '../../worker/protocol';
import { button, el, field, numberInput, selectInput } from '../dom';
import type { Store } from '../store';
import { divergingRgb } from '../views/colors';
import { WeightLines } from '../views/weight-lines';

/** Thumbnails drawn per layer at most; wider layers show a count of the rest. */
const MAX_THUMBS = MAX_DRAWN_UNITS;
const THUMB = 34;

/** Layer controls (units, activation, hyper-parameters), neuron thumbnails and dead-unit marks. */
export class NetworkPanel {
  readonly root = el('section', { class: 'panel network', 'data-testid': 'network' });
  private thumbs: HTMLCanvasElement[][] = [];
  private readonly lines = new WeightLines();
  private layers: HTMLElement = el('div');

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {
    store.subscribe(() => this.render());
    this.render();
  }

  private setHidden(hidden: HiddenLayerSpec[], residual = this.store.state.network.residual): void {
    const s = this.store.state;
    this.store.set({ ...s, network: { hidden, residual } });
  }

  private layerColumn(h: HiddenLayerSpec, i: number, hidden: HiddenLayerSpec[]): HTMLElement {
    const update = (next: Partial<HiddenLayerSpec>): void =>
      this.setHidden(hidden.map((l, j) => (j === i ? { ...l, ...next } : l)));
    const acts = this.registry.listActivations().map((a) => [a.name, a.displayName] as const);
    const plugin = this.registry.hasActivation(h.activation) ? this.registry.activation(h.activation) : null;
    const hyper = Object.entries(plugin?.params ?? {}).map(([k, spec]) => {
      const input = numberInput(
        h.hyper[k] ?? spec.default,
        { min: spec.min, max: spec.max, testid: `layer-${i}-hyper-${k}` },
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
          numberInput(h.units, { min: 1, max: limits.maxUnits, step: 1, testid: `layer-${i}-units` }, (v) =>
            update({ units: v }),
          ),
          button('+', () => update({ units: Math.min(limits.maxUnits, h.units + 1) }), {
            'data-testid': `layer-${i}-plus`,
            title: 'more units',
          }),
        ),
        selectInput(acts, h.activation, (v) => update({ activation: v, hyper: {} }), `layer-${i}-activation`),
        ...hyper,
        el('div', { class: 'layer-dead', 'data-testid': `layer-${i}-dead` }, ''),
      ),
    );
    const grid = el('div', { class: 'thumbs' });
    const row: HTMLCanvasElement[] = [];
    for (let u = 0; u < Math.min(h.units, MAX_THUMBS); u++) {
      const c = el('canvas', { class: 'thumb', width: THUMB, height: THUMB, title: `layer ${i + 1}, unit ${u + 1}` });
      row.push(c);
      grid.append(c);
    }
    if (h.units > MAX_THUMBS) grid.append(el('span', { class: 'more' }, `+${h.units - MAX_THUMBS}`));
    this.thumbs.push(row);
    col.append(grid);
    return col;
  }

  private render(): void {
    const s: PlaygroundState = this.store.state;
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
    const cols = el('div', { class: 'layers' }, this.lines.canvas, ...hidden.map((h, i) => this.layerColumn(h, i, hidden)));
    this.layers = cols;
    this.root.replaceChildren(el('h2', {}, 'Network'), tools, cols);
  }

  /** Draws the neuron thumbnails and the weight lines between them, and marks dead units. */
  update(stats: readonly LayerStats[], v: Visuals | null, links: readonly LayerLinks[] = []): void {
    this.lines.draw(this.layers, this.thumbs, stats, links);
    stats.forEach((st, i) => {
      const label = this.root.querySelector(`[data-testid="layer-${i}-dead"]`);
      const dead = st.dead.filter(Boolean).length;
      if (label) {
        label.textContent = `${dead}/${st.units} dead`;
        label.classList.toggle('has-dead', dead > 0);
      }
      const row = this.thumbs[i] ?? [];
      row.forEach((c, u) => {
        c.classList.toggle('dead', st.dead[u] === true);
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
