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

  /** The guided tour's step (an index into the scenarios), or null when no tour runs. */
  private tourStep: number | null = null;

  /** Sets up a scenario's runs side by side and starts them. */
  start(id: string): void {
    const s = findScenario(id)!;
    this.store.set({ ...variantState(s, s.variants[0]), compare: [], scenario: id }, 'reset', true);
    this.play();
  }

  /** The guided tour at step `k`: starts that scenario and says what to watch and why it happens. */
  tour(k: number): void {
    this.tourStep = Math.max(0, Math.min(scenarios.length - 1, k));
    this.start(scenarios[this.tourStep].id);
    this.root.querySelector<HTMLElement>('[data-testid="tour-next"]')?.focus();
  }

  private tourBox(): HTMLElement | null {
    const k = this.tourStep;
    if (k === null || this.store.state.scenario !== scenarios[k].id) {
      this.tourStep = null;
      return null;
    }
    const s = scenarios[k];
    return el(
      'div',
      { class: 'tour', role: 'group', 'aria-label': 'guided tour', 'data-testid': 'tour' },
      el('p', { class: 'muted' }, `Tour ${k + 1} of ${scenarios.length}`),
      el('p', { 'data-testid': 'tour-why' }, el('strong', {}, 'Why: '), s.why ?? s.claim),
      el(
        'div',
        { class: 'tour-buttons' },
        button('‹ previous', () => this.tour(k - 1), { 'data-testid': 'tour-prev', ...(k === 0 ? { disabled: true } : {}) }),
        button('next ›', () => this.tour(k + 1), {
          'data-testid': 'tour-next',
          ...(k === scenarios.length - 1 ? { disabled: true } : {}),
        }),
        button('end tour', () => {
          this.tourStep = null;
          this.render();
        }),
      ),
    );
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
    const tour = this.tourBox();
    replaceKeepingFocus(
      this.root,
      el('h2', {}, 'Scenarios'),
      tour ?? button('Take the guided tour', () => this.tour(0), { 'data-testid': 'tour-begin' }),
      list,
      about,
      deadReluCauses((id) => this.start(id)),
    );
  }
}
