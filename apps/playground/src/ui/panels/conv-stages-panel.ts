import type { Registry } from '@rectify/core';
import { type ImageShape, MAX_CONV_STAGES, CONV_BOUNDS, imageShapeOf, stageShapes } from '../../state/conv-stages';
import type { ConvStage, PlaygroundState } from '../../state/types';
import { validateState } from '../../state/validate';
import { button, el, labelled, numberInput, selectInput } from '../dom';
import type { Store } from '../store';

/** Squares drawn per feature-map stack at most; the label gives the real channel count. */
const MAX_SHEETS = 8;

/** One feature-map stack of the drawing: offset squares, one per channel, sized by the map's side. */
function stack(shape: ImageShape, caption: string, testid: string): HTMLElement {
  const [c, h, w] = shape;
  const side = Math.max(8, Math.min(56, 2 * h));
  const sheets = Math.min(c, MAX_SHEETS);
  const box = el('div', {
    class: 'fm-stack',
    style: `width:${side + 3 * sheets}px;height:${side * (w / h) + 3 * sheets}px`,
  });
  for (let k = 0; k < sheets; k++) {
    box.append(
      el('div', { class: 'fm-sheet', style: `left:${3 * k}px;top:${3 * k}px;width:${side}px;height:${side * (w / h)}px` }),
    );
  }
  return el(
    'figure',
    { class: 'fm', 'data-testid': testid, title: `${caption}: ${c} channel${c === 1 ? '' : 's'} of ${h} × ${w}` },
    box,
    el('figcaption', {}, caption, el('br'), `${c}×${h}×${w}`),
  );
}

/**
 * The convolutional front of the network panel (image data sets only): add or remove conv and pool stages, set each
 * stage's channels, kernel, stride, padding and activation (or pool kind and size), and see the feature-map stacks
 * they make, from the input image to the flatten that feeds the dense layers.
 */
export class ConvStagesPanel {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    /** Shows why a change was refused (null clears it). */
    private readonly refuse: (message: string | null) => void,
  ) {}

  private set(stages: readonly ConvStage[]): void {
    const s: PlaygroundState = this.store.state;
    const { conv: _, ...rest } = s.network;
    const network = stages.length > 0 ? { conv: stages, ...rest } : rest;
    try {
      validateState({ ...s, network }, this.registry);
    } catch (e) {
      this.refuse((e as Error).message);
      return;
    }
    this.refuse(null);
    this.store.set({ ...s, network });
  }

  private stageControls(st: ConvStage, i: number, stages: readonly ConvStage[]): HTMLElement {
    const update = (next: Partial<ConvStage>): void =>
      this.set(stages.map((x, j) => (j === i ? ({ ...x, ...next } as ConvStage) : x)));
    const num = (key: keyof typeof CONV_BOUNDS, value: number): HTMLElement => {
      const b = CONV_BOUNDS[key];
      return el(
        'label',
        { class: 'conv-field' },
        `${key} `,
        numberInput(
          value,
          { min: b.min, max: b.max, step: 1, integer: true, label: `${b.label} of stage ${i + 1}`, testid: `conv-${i}-${key}` },
          (v) => update({ [key]: v } as Partial<ConvStage>),
        ),
      );
    };
    if (st.kind === 'pool') {
      return el(
        'div',
        { class: 'conv-stage', 'data-testid': `conv-${i}` },
        el('strong', {}, `${i + 1}. pool`),
        labelled(
          selectInput(
            [
              ['max', 'max'],
              ['avg', 'average'],
            ],
            st.pool,
            (v) => update({ pool: v === 'avg' ? 'avg' : 'max' }),
            `conv-${i}-pool`,
          ),
          `pooling of stage ${i + 1}`,
        ),
        num('size', st.size),
      );
    }
    const acts = this.registry.listActivations().map((a) => [a.name, a.displayName] as const);
    return el(
      'div',
      { class: 'conv-stage', 'data-testid': `conv-${i}` },
      el('strong', {}, `${i + 1}. conv`),
      num('channels', st.channels),
      num('kernel', st.kernel),
      num('stride', st.stride),
      num('padding', st.padding),
      labelled(
        selectInput(acts, st.activation, (v) => update({ activation: v }), `conv-${i}-activation`),
        `activation of stage ${i + 1}`,
      ),
    );
  }

  /** The panel for the current state, or null for a 2-D data set (convolutions need images). */
  render(): HTMLElement | null {
    const s = this.store.state;
    const image = imageShapeOf(s.dataset.name);
    if (!image) return null;
    const stages = s.network.conv ?? [];
    const last = stages[stages.length - 1];
    const add = (stage: ConvStage): void => {
      if (stages.length < MAX_CONV_STAGES) this.set([...stages, stage]);
    };
    const tools = el(
      'div',
      { class: 'network-tools' },
      button(
        '+ conv',
        () =>
          add({
            kind: 'conv',
            channels: 8,
            kernel: 3,
            stride: 1,
            padding: 1,
            activation: last?.kind === 'conv' ? last.activation : 'relu',
          }),
        {
          'data-testid': 'add-conv',
        },
      ),
      button('+ pool', () => add({ kind: 'pool', pool: 'max', size: 2 }), { 'data-testid': 'add-pool' }),
      button('− stage', () => stages.length > 0 && this.set(stages.slice(0, -1)), { 'data-testid': 'remove-conv' }),
      el(
        'span',
        { class: 'count', 'data-testid': 'conv-count' },
        stages.length === 0
          ? 'no convolutions: dense layers read the pixels'
          : `${stages.length} convolution stage${stages.length === 1 ? '' : 's'}`,
      ),
    );
    const shapes = stageShapes(stages, image);
    const drawing = el(
      'div',
      { class: 'fm-row', 'data-testid': 'conv-drawing' },
      stack(image, 'input', 'fm-input'),
      ...shapes.map((sh, i) => {
        const st = stages[i];
        return stack(sh, st.kind === 'conv' ? `conv ${st.kernel}×${st.kernel}` : `${st.pool} pool ${st.size}`, `fm-${i}`);
      }),
      ...(stages.length > 0
        ? [
            el(
              'div',
              { class: 'fm-flat', 'data-testid': 'fm-flatten' },
              `flatten → ${shapes[shapes.length - 1].reduce((a, b) => a * b, 1)}`,
            ),
          ]
        : []),
    );
    return el(
      'div',
      { class: 'conv-front', 'data-testid': 'conv-front' },
      tools,
      el('div', { class: 'conv-stages' }, ...stages.map((st, i) => this.stageControls(st, i, stages))),
      drawing,
    );
  }
}
