import { runColors } from '../../scenarios/palette';
import { el } from '../dom';

/**
 * A checkbox per run, in the curves' colours, that shows or hides the run's curves on the loss and accuracy charts:
 * many overlapping runs stay readable. Built once per set of runs, so a click is never lost to a frame's redraw.
 */
export class RunToggles {
  readonly root = el('fieldset', { class: 'run-toggles', hidden: true, 'data-testid': 'run-toggles' });
  /** Runs the user turned off. */
  readonly hidden = new Set<number>();

  constructor(private readonly changed: () => void) {}

  /** Shows one checkbox per run (none for a single run); every run starts on. */
  setRuns(labels: readonly string[]): void {
    this.hidden.clear();
    this.root.hidden = labels.length < 2;
    const boxes = labels.map((label, i) => {
      const box = el('input', { type: 'checkbox', checked: true, 'data-testid': `run-toggle-${i}` });
      box.addEventListener('change', () => {
        if (box.checked) this.hidden.delete(i);
        else this.hidden.add(i);
        this.changed();
      });
      const swatch = el('span', { class: 'swatch', style: `background:${runColors[i % runColors.length]}` });
      return el('label', { class: 'check' }, box, swatch, ` ${label}`);
    });
    this.root.replaceChildren(el('legend', {}, 'Runs on the charts (the shown run is thick)'), ...boxes);
  }
}
