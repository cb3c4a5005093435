import { limits } from '../../state/defaults';
import type { DatasetName, DatasetSpec } from '../../state/types';
import { el, field, numberInput, selectInput } from '../dom';
import type { Store } from '../store';

const names: readonly (readonly [DatasetName, string])[] = [
  ['circles', 'Circles'],
  ['xor', 'XOR'],
  ['gaussians', 'Two Gaussians'],
  ['spirals', 'Two spirals'],
  ['moons', 'Moons'],
  ['plane', 'Regression: plane'],
  ['bumps', 'Regression: bumps'],
  ['mnist', 'MNIST digits (loads ~20 MB)'],
];

/** Data set, noise, split, class balance, sample count and data seed. */
export class DataPanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'data-panel' });

  constructor(private readonly store: Store) {
    store.subscribe(() => this.render());
    this.render();
  }

  private set(patch: Partial<DatasetSpec>): void {
    const s = this.store.state;
    this.store.set({ ...s, dataset: { ...s.dataset, ...patch } });
  }

  private render(): void {
    const d = this.store.state.dataset;
    const imbalanced = el('input', {
      type: 'checkbox',
      'data-testid': 'imbalanced',
      ...(d.positiveFraction < 0.5 ? { checked: true } : {}),
    });
    imbalanced.addEventListener('change', () => this.set({ positiveFraction: imbalanced.checked ? 0.1 : 0.5 }));
    this.root.replaceChildren(
      el('h2', {}, 'Data'),
      field(
        'Data set',
        selectInput(
          names,
          d.name,
          (v) => this.set({ name: v as DatasetName, samples: v === 'mnist' ? 2000 : Math.min(d.samples, limits.maxSamples) }),
          'dataset',
        ),
      ),
      field(
        'Noise',
        numberInput(d.noise, { min: 0, max: 1, step: 0.05, testid: 'noise' }, (v) => this.set({ noise: v })),
      ),
      field(
        'Training share',
        numberInput(d.trainFraction, { min: 0.05, max: 0.95, step: 0.05, testid: 'train-fraction' }, (v) =>
          this.set({ trainFraction: v }),
        ),
      ),
      field(
        'Samples',
        numberInput(d.samples, { min: 10, max: limits.maxSamples, step: 10, testid: 'samples' }, (v) => this.set({ samples: v })),
      ),
      field(
        'Positive share',
        numberInput(d.positiveFraction, { min: 0.02, max: 0.98, step: 0.02, testid: 'positive-fraction' }, (v) =>
          this.set({ positiveFraction: v }),
        ),
      ),
      el('label', { class: 'check' }, imbalanced, ' imbalanced (10% positive)'),
      field(
        'Data seed',
        numberInput(d.seed, { min: 0, step: 1, testid: 'data-seed' }, (v) => this.set({ seed: v })),
      ),
      el('div', { class: 'loading', 'data-testid': 'loading' }),
    );
  }

  /** Shows the MNIST loading progress (or clears it). */
  showLoading(loaded: number, total: number, what: string): void {
    const box = this.root.querySelector('[data-testid="loading"]');
    if (!box) return;
    if (loaded >= total) box.replaceChildren();
    else
      box.replaceChildren(el('span', {}, `Loading ${what}: ${loaded}/${total}`), el('progress', { max: total, value: loaded }));
  }
}
