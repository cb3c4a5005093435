import { el } from '../dom';

/** A link that starts a scenario (the scenario panel's button does the work, so the claim is shown, not told). */
function scenarioLink(id: string, text: string, start: (id: string) => void): HTMLAnchorElement {
  const a = el('a', { href: `#scenario-${id}`, 'data-testid': `about-${id}` }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    start(id);
  });
  return a;
}

/**
 * What the page is, under the app: ReLU and each view in a few sentences, every claim linking to the scenario that
 * shows it.
 */
export function aboutSection(start: (id: string) => void): HTMLElement {
  const link = (id: string, text: string) => scenarioLink(id, text, start);
  return el(
    'section',
    { class: 'panel about', 'aria-labelledby': 'about-title', 'data-testid': 'about' },
    el('h2', { id: 'about-title' }, 'What you are looking at'),
    el(
      'p',
      {},
      'A ReLU unit outputs max(0, x): its input when positive, else 0. Its slope is 1 or 0, so gradients pass through it unshrunk — ',
      link('vanishing-gradient', 'deep ReLU stacks keep their gradient where sigmoid loses it'),
      ', and ',
      link('relu-converges-faster', 'ReLU trains faster than sigmoid and tanh'),
      '. The price: a unit whose input is negative for every example gets no gradient and never learns again — it is ',
      el('strong', {}, 'dead'),
      '. ',
      link('high-lr-kills-relu', 'A high learning rate kills units'),
      ', ',
      link('negative-bias-kills-at-birth', 'so does a large negative bias'),
      ', and ',
      link('cures-keep-units-alive', 'Leaky ReLU, PReLU and ELU keep them alive'),
      ' by giving the negative side a small slope; ',
      link('batch-norm-keeps-relu-alive', 'BatchNorm before each ReLU keeps them alive too'),
      " by re-centring every unit's input over the batch.",
    ),
    el(
      'ul',
      {},
      el(
        'li',
        {},
        el('strong', {}, 'Network: '),
        'one thumbnail per unit shows its output over the plane; lines are weights (blue positive, orange negative, wider for larger |w|). A double outline marks a dead unit, a dashed one a saturated unit (slope below 0.01 on every probe input).',
      ),
      el(
        'li',
        {},
        el('strong', {}, 'Per layer: '),
        'dead and saturated counts, sparsity (share of outputs that are exactly 0), the activation f and its slope f′ drawn over the histogram of what the layer feeds it — a dead ReLU unit lives left of 0, where f′ is 0 — and the gradient norm on a log scale (',
        link('residual-helps', 'skip connections keep it up in deep nets'),
        ').',
      ),
      el(
        'li',
        {},
        el('strong', {}, 'Output: '),
        'the model’s answer over the plane with the training points (and test points, outlined dark); curves of loss and accuracy, train solid, test dashed. ',
        link('imbalanced-data', 'Accuracy alone can hide a lazy network'),
        '.',
      ),
    ),
  );
}
