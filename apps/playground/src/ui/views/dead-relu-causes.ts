import { button, el } from '../dom';

/** The four causes of dead ReLU units and the scenarios that show each; `start` runs a scenario by id. */
const CAUSES: readonly { cause: string; scenarios: readonly [string, string][] }[] = [
  { cause: 'a learning rate that is too high', scenarios: [['high-lr-kills-relu', 'high learning rate']] },
  { cause: 'a large negative bias', scenarios: [['negative-bias-kills-at-birth', 'negative bias']] },
  {
    cause:
      'the initialisation of the weights: deep, narrow nets born dead, a scale that collapses through depth, symmetry never broken',
    scenarios: [
      ['born-dead-deep-narrow', 'born dead'],
      ['scale-through-depth', 'scale through depth'],
      ['symmetry', 'symmetry'],
    ],
  },
  { cause: 'unbalanced data', scenarios: [['imbalanced-data', 'imbalanced data']] },
];

/** A short list of why ReLU units die, each cause linked to the scenarios that show it. */
export function deadReluCauses(start: (id: string) => void): HTMLElement {
  return el(
    'div',
    { class: 'dead-causes', 'data-testid': 'dead-relu-causes' },
    el('p', { class: 'muted' }, 'A ReLU unit dies (outputs 0 for every input) from one of four causes:'),
    el(
      'ol',
      {},
      ...CAUSES.map((c) =>
        el(
          'li',
          {},
          `${c.cause}: `,
          ...c.scenarios.map(([id, label]) =>
            button(label, () => start(id), { class: 'link-button', 'data-testid': `cause-${id}` }),
          ),
        ),
      ),
    ),
  );
}
