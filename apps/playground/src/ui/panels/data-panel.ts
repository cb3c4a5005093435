import { limits } from '../../state/defaults';
import type { DatasetName, DatasetSpec } from '../../state/types';
import { BOUNDS } from '../../state/bounds';
import { boundedInput, el, field, replaceKeepingFocus, selectInput } from '../dom';
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
    replaceKeepingFocus(
      this.root,
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
        boundedInput(d.noise, BOUNDS.noise, 'noise', (v) => this.set({ noise: v })),
      ),
      field(
        'Training share',
        boundedInput(d.trainFraction, BOUNDS.trainFraction, 'train-fraction', (v) => this.set({ trainFraction: v })),
      ),
      field(
        'Samples',
        boundedInput(d.samples, BOUNDS.samples, 'samples', (v) => this.set({ samples: v })),
      ),
      field(
        'Positive share',
        boundedInput(d.positiveFraction, BOUNDS.positiveFraction, 'positive-fraction', (v) => this.set({ positiveFraction: v })),
      ),
      el('label', { class: 'check' }, imbalanced, ' imbalanced (10% positive)'),
      field(
        'Data seed',
        boundedInput(d.seed, BOUNDS.dataSeed, 'data-seed', (v) => this.set({ seed: v })),
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
