import { findScenario, scenarios } from '../../scenarios/definitions';
import { variantState } from '../../scenarios/variant-state';
import { button, el, replaceKeepingFocus } from '../dom';
import { deadReluCauses } from '../views/dead-relu-causes';
import type { Store } from '../store';

/** One button per claim; a click sets up the scenario's runs side by side and starts them. */
export class ScenarioPanel {
  readonly root = el('section', { class: 'panel scenarios', 'data-testid': 'scenario-panel' });

  constructor(
    private readonly store: Store,
    private readonly play: () => void,
  ) {
    store.subscribe(() => this.render());
    this.render();
  }

  private start(id: string): void {
    const s = findScenario(id)!;
    this.store.set({ ...variantState(s, s.variants[0]), compare: [], scenario: id }, 'reset', true);
    this.play();
  }

  private render(): void {
    const active = this.store.state.scenario ? findScenario(this.store.state.scenario) : undefined;
    const list = el(
      'div',
      { class: 'scenario-list' },
      ...scenarios.map((s) =>
        button(s.title, () => this.start(s.id), {
          class: s === active ? 'scenario active' : 'scenario',
          'data-testid': `scenario-${s.id}`,
        }),
      ),
    );
    const about = active
      ? el(
          'div',
          { class: 'scenario-about', 'data-testid': 'scenario-about' },
          el('p', {}, el('strong', {}, active.title), ' — ', active.claim),
          el('p', { class: 'watch', 'data-testid': 'scenario-watch' }, active.watch),
          el(
            'p',
            { class: 'muted' },
            `Runs side by side: ${active.variants.map((v) => v.label).join(', ')}. Headless: pnpm experiment ${active.id}`,
          ),
        )
      : el('p', { class: 'muted' }, 'Each scenario sets up and runs one claim about ReLU and its cures.');
    replaceKeepingFocus(this.root, el('h2', {}, 'Scenarios'), list, about, deadReluCauses((id) => this.start(id)));
  }
}
