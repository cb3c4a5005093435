import type { Registry } from '@rectify/core';
import { defaultSequence, RECURRENT_INIT_NAMES, SEQUENCE_BOUNDS } from '../../state/sequence-validate';
import type { SequenceSpec } from '../../state/sequence-types';
import type { FromSequenceWorker, SequenceFrame, ToSequenceWorker } from '../../worker/sequence-protocol';
import { boundedInput, button, el, field, replaceKeepingFocus, selectInput } from '../dom';
import type { Store } from '../store';
import { SequenceGradChart } from '../views/sequence-grad-chart';
import { SequenceHeatmap, unitList } from '../views/sequence-heatmap';

const INIT_LABELS: Record<SequenceSpec['recurrentInit'], string> = {
  identity: 'identity (IRNN)',
  orthogonal: 'orthogonal',
  gaussian: 'small Gaussian (std 0.001)',
};

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : '—');

/**
 * The sequence view: a SimpleRNN on the adding problem or row MNIST, trained in its own worker; for a chosen test
 * example the hidden state over time (units × time), the dead recurrent units, and ‖∂loss/∂h_t‖ per time step.
 * Its settings live in the state's `sequence` field (and so in the link).
 */
export class SequencePanel {
  readonly root = el('section', {
    class: 'panel sequence-panel',
    'data-testid': 'sequence-panel',
    'aria-labelledby': 'sequence-title',
  });
  private readonly controls = el('div', { class: 'sequence-controls' });
  private readonly heatmap = new SequenceHeatmap();
  private readonly grad = new SequenceGradChart();
  private readonly stepCount = el('span', { 'data-testid': 'sequence-steps' }, '0');
  private readonly losses = el('span', { 'data-testid': 'sequence-losses' }, '');
  private readonly deadNote = el('div', { 'data-testid': 'sequence-dead' }, '');
  private readonly status = el('div', { class: 'status', role: 'alert', 'data-testid': 'sequence-status' });
  private readonly playBtn = button('Play', () => (this.playing ? this.pause() : this.play()), {
    'data-testid': 'sequence-play',
  });
  private readonly exampleSelect = el('select', {
    'data-testid': 'sequence-example',
    'aria-label': 'example shown in the heatmap',
  });
  private readonly worker: Worker;
  private playing = false;
  private generation = 0;
  private last: SequenceFrame | null = null;

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {
    this.worker = new Worker(new URL('../../worker/sequence-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromSequenceWorker>) => this.receive(e.data);
    this.exampleSelect.addEventListener('change', () => this.drawViews());
    this.root.append(
      el('h2', { id: 'sequence-title' }, 'Sequences: a recurrent network through time'),
      el(
        'p',
        { class: 'muted' },
        'A SimpleRNN reads a sequence step by step. IRNN (ReLU units, recurrent weights starting as the identity) carries the gradient back through time; a tanh or ReLU RNN whose recurrent weights start as a small Gaussian loses it within a few steps.',
      ),
      this.controls,
      el(
        'div',
        { class: 'toolbar' },
        this.playBtn,
        button('Step', () => this.send({ type: 'step' }), { 'data-testid': 'sequence-step' }),
        button('Reset', () => this.build(), { 'data-testid': 'sequence-reset' }),
        el('span', {}, ' step '),
        this.stepCount,
        el('span', {}, ' · '),
        this.losses,
      ),
      this.status,
      field('Example', this.exampleSelect),
      el(
        'div',
        { class: 'muted' },
        'Hidden state of the example: a row per unit, a column per time step (blue positive, orange negative; dead units marked red on the left and struck through).',
      ),
      this.heatmap.canvas,
      this.deadNote,
      el('div', { class: 'muted' }, '‖∂loss/∂h_t‖ per time step on the probe batch, log scale (red crosses: exactly 0).'),
      this.grad.canvas,
    );
    store.subscribe((_, kind) => {
      this.renderControls();
      if (kind === 'sequence') this.build();
    });
    this.renderControls();
    this.build();
  }

  private get spec(): SequenceSpec {
    return this.store.state.sequence ?? defaultSequence;
  }

  private set(patch: Partial<SequenceSpec>): void {
    this.store.set({ ...this.store.state, sequence: { ...this.spec, ...patch } }, 'sequence', true);
  }

  private renderControls(): void {
    const s = this.spec;
    const acts = this.registry
      .listActivations()
      .filter((a) => Object.keys(a.learnable).length === 0)
      .map((a) => [a.name, a.displayName] as const);
    replaceKeepingFocus(
      this.controls,
      field(
        'Data set',
        selectInput(
          [
            ['adding', 'adding problem (T)'],
            ['row-mnist', 'row MNIST (28 steps of 28 pixels)'],
          ],
          s.data,
          (v) => this.set({ data: v as SequenceSpec['data'] }),
          'sequence-data',
        ),
      ),
      s.data === 'adding'
        ? field(
            'T',
            boundedInput(s.length, SEQUENCE_BOUNDS.length, 'sequence-length', (v) => this.set({ length: v })),
            'sequence length of the adding problem',
          )
        : el('span'),
      field(
        'SimpleRNN units',
        boundedInput(s.units, SEQUENCE_BOUNDS.units, 'sequence-units', (v) => this.set({ units: v })),
      ),
      field(
        'Activation',
        selectInput(acts, s.activation, (v) => this.set({ activation: v }), 'sequence-activation'),
      ),
      field(
        'Recurrent init',
        selectInput(
          RECURRENT_INIT_NAMES.map((n) => [n, INIT_LABELS[n]] as const),
          s.recurrentInit,
          (v) => this.set({ recurrentInit: v as SequenceSpec['recurrentInit'] }),
          'sequence-init',
        ),
      ),
    );
  }

  private send(m: ToSequenceWorker): void {
    this.worker.postMessage(m);
  }

  private play(): void {
    this.playing = true;
    this.playBtn.textContent = 'Pause';
    this.send({ type: 'play' });
  }

  private pause(): void {
    this.playing = false;
    this.playBtn.textContent = 'Play';
    this.send({ type: 'pause' });
  }

  private build(): void {
    this.generation++;
    this.status.textContent = '';
    this.stepCount.textContent = '0';
    this.root.dataset.ready = 'building';
    this.send({ type: 'build', spec: this.spec, seed: this.store.state.training.seed, generation: this.generation });
  }

  private receive(m: FromSequenceWorker): void {
    if (m.type === 'loading') this.status.textContent = `loading MNIST digits: ${m.loaded} of ${m.total}`;
    else if (m.type === 'error') {
      this.status.textContent = `The sequence view stopped: ${m.message}`;
      this.playing = false;
      this.playBtn.textContent = 'Play';
    } else {
      if (m.generation !== this.generation) {
        this.send({ type: 'ack' });
        return;
      }
      this.status.textContent = '';
      this.last = m;
      this.root.dataset.ready = 'ready';
      this.stepCount.textContent = String(m.step);
      const acc = Number.isNaN(m.testAccuracy) ? '' : ` · test accuracy ${(100 * m.testAccuracy).toFixed(1)}%`;
      const base = m.baseline === null ? '' : ` (baseline ${m.baseline.toFixed(3)})`;
      this.losses.textContent = `train loss ${fmt(m.trainLoss)} · test loss ${fmt(m.testLoss)}${base}${acc}`;
      if (this.exampleSelect.options.length !== m.examples) {
        this.exampleSelect.replaceChildren(
          ...Array.from({ length: m.examples }, (_, i) => el('option', { value: String(i) }, `test sequence ${i + 1}`)),
        );
      }
      this.drawViews();
      requestAnimationFrame(() => this.send({ type: 'ack' }));
    }
  }

  private drawViews(): void {
    const m = this.last;
    if (!m) return;
    const example = Math.min(m.examples - 1, Number(this.exampleSelect.value) || 0);
    const block = m.steps * m.units;
    this.heatmap.draw(m.states.subarray(example * block, (example + 1) * block), m.steps, m.units, m.dead, example);
    this.grad.draw(m.gradNorm);
    const dead = m.dead.flatMap((d, j) => (d ? [j] : []));
    this.deadNote.textContent =
      dead.length === 0
        ? `No dead recurrent unit over the ${m.probeRows} probe sequences.`
        : `${dead.length} of ${m.units} recurrent units dead (never fire on any of the ${m.probeRows} probe sequences at any step): ${unitList(dead)}.`;
  }
}
