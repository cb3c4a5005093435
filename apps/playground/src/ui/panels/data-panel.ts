import { imageShapeOf } from '../../state/conv-stages';
import { FEATURES } from '../../data/features';
import { limits } from '../../state/defaults';
import type { DatasetName, DatasetSpec, FeatureName } from '../../state/types';
import { BOUNDS } from '../../state/bounds';
import { FEATURE_NAMES } from '../../state/validate';
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
  ['bars', 'Bars and stripes (12 × 12 images)'],
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
    const { features, ...rest } = { ...s.dataset, ...patch };
    // Convolution stages read images: a 2-D set drops them.
    const { conv, ...dense } = s.network;
    const network = conv && !imageShapeOf(rest.name) ? dense : s.network;
    // No input features is no key at all, as in the links made before they existed.
    this.store.set({ ...s, network, dataset: features && features.length > 0 ? { ...rest, features } : rest });
  }

  /** A checkbox per input feature (2-D sets only: MNIST's inputs are its pixels). */
  private featureBoxes(d: DatasetSpec): HTMLElement {
    const on = d.features ?? [];
    const boxes = FEATURE_NAMES.map((f) => {
      const box = el('input', {
        type: 'checkbox',
        'data-testid': `feature-${f}`,
        'aria-label': FEATURES[f].title,
        ...(on.includes(f) ? { checked: true } : {}),
      });
      box.addEventListener('change', () => {
        const next: FeatureName[] = FEATURE_NAMES.filter((g) => (g === f ? box.checked : on.includes(g)));
        this.set({ features: next });
      });
      return el('label', { class: 'check', title: FEATURES[f].title }, box, ` ${FEATURES[f].label}`);
    });
    return el(
      'fieldset',
      { class: 'features', 'data-testid': 'features', hidden: d.name === 'mnist' },
      el('legend', {}, 'Input features besides x₁, x₂'),
      ...boxes,
    );
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
          (v) =>
            this.set({
              name: v as DatasetName,
              samples: v === 'mnist' ? 2000 : v === 'bars' ? 1200 : Math.min(d.samples, limits.maxSamples),
              ...(imageShapeOf(v as DatasetName) ? { features: [] } : {}),
            }),
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
      this.featureBoxes(d),
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
