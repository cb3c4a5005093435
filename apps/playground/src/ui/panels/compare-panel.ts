import type { Registry } from '@rectify/core';
import { button, el, replaceKeepingFocus } from '../dom';
import type { Store } from '../store';

/** Pick activations to train side by side on the same data, architecture and seed. */
export class ComparePanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'compare-panel' });

  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
  ) {
    store.subscribe(() => this.render());
    this.render();
  }

  private render(): void {
    const chosen = new Set(this.store.state.compare);
    const boxes = this.registry.listActivations().map((a) => {
      const box = el('input', {
        type: 'checkbox',
        value: a.name,
        'data-testid': `compare-${a.name}`,
        ...(chosen.has(a.name) ? { checked: true } : {}),
      });
      return el('label', { class: 'check' }, box, ` ${a.displayName}`);
    });
    const apply = (): void => {
      const picked = [...this.root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')]
        .filter((b) => b.checked)
        .map((b) => b.value);
      this.store.set({ ...this.store.state, compare: picked.length >= 2 ? picked : [] });
    };
    replaceKeepingFocus(
      this.root,
      el('h2', {}, 'Compare activations'),
      el('div', { class: 'compare-boxes' }, ...boxes),
      el(
        'div',
        { class: 'row' },
        button('Compare', apply, { 'data-testid': 'compare-apply' }),
        button('Off', () => this.store.set({ ...this.store.state, compare: [] }), { 'data-testid': 'compare-off' }),
      ),
      el(
        'p',
        { class: 'muted' },
        chosen.size ? `Comparing ${[...chosen].join(', ')} (every hidden layer)` : 'Pick two or more, then Compare.',
      ),
    );
  }
}
