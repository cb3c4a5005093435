import { defaultState } from '../state/defaults';
import { stack } from '../state/patch';
import type { PlaygroundState } from '../state/types';
import type { Scenario } from './types';

const base = (over: Partial<PlaygroundState>): PlaygroundState => ({ ...defaultState, ...over });

/** Deep, narrow ReLU networks born dead (Lu et al. 2019); `pnpm experiment born-dead-study` gives the probabilities. */
export const bornDeadDeepNarrow: Scenario = {
  id: 'born-dead-deep-narrow',
  title: 'Deep, narrow ReLU networks are often born dead',
  claim:
    'With 20 hidden layers of 3 units and symmetric He initialisation, some layer is zero for every input in most networks, so the output is constant and nothing trains; the randomized asymmetric initialisation makes it rare and Leaky ReLU avoids it.',
  watch:
    'Watch the network drawing at step 0: a born-dead network has a whole layer greyed out and a flat decision boundary that never moves; switch to the asymmetric initialiser or Leaky ReLU.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.1 },
    network: { hidden: stack(20, 3), residual: false },
    training: { ...defaultState.training, optimizer: 'adam', learningRate: 0.01, biasInit: 0 },
  }),
  variants: [
    { label: 'relu, he', patch: { activation: 'relu', training: { kernelInit: 'heNormal' } } },
    { label: 'relu, asymmetric', patch: { activation: 'relu', training: { kernelInit: 'randomizedAsymmetric' } } },
    {
      label: 'leaky 0.01, he',
      patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.01 }, training: { kernelInit: 'heNormal' } },
    },
  ],
  steps: 400,
  seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  metrics: ['bornDead', 'trainLoss', 'testAccuracy'],
  chart: 'bornDead',
};

/** He et al. (2015): the activation scale through a 30-layer ReLU stack at initialisation, and training it. */
export const scaleThroughDepth: Scenario = {
  id: 'scale-through-depth',
  title: 'Initial scale through depth: with Glorot or LeCun a deep ReLU stack shrinks √2 per layer faster than with He',
  claim:
    "In a 30-layer ReLU MLP (16 units) each layer halves the activation variance with Glorot or LeCun scaling against He, so at step 0 the last layer's std relative to the first is (1/√2)^29 ≈ 4·10⁻⁵ times He's; the He network trains, the others never move.",
  watch:
    'Watch the per-layer activation std (log scale) at step 0: a straight downward line for Glorot and LeCun, flat for He; then the loss curves.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.1 },
    network: { hidden: stack(30, 16), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.02, batchSize: 16, biasInit: 0 },
  }),
  variants: [
    { label: 'glorot', patch: { activation: 'relu', training: { kernelInit: 'glorotNormal' } } },
    { label: 'lecun', patch: { activation: 'relu', training: { kernelInit: 'lecunNormal' } } },
    { label: 'he', patch: { activation: 'relu', training: { kernelInit: 'heNormal' } } },
  ],
  steps: 800,
  seeds: [1, 2, 3],
  metrics: ['initStdRatio', 'firstGradNorm', 'trainLoss', 'testAccuracy'],
  chart: 'trainLoss',
};

/** Zero and constant weights: every unit of a layer gets the same gradient, so they never differ. */
export const symmetry: Scenario = {
  id: 'symmetry',
  title: 'Zero or constant weights never break symmetry',
  claim:
    'With every weight starting equal (0 or 0.1), every unit of a layer computes the same value and receives the same gradient, so the units stay identical for the whole run: the layer is worth one unit.',
  watch:
    'Watch the neuron thumbnails: with constant weights all units of a layer look the same for the whole run; with zeros they stay blank and only the output bias learns.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.1 },
    network: { hidden: stack(2, 8), residual: false },
    training: { ...defaultState.training, optimizer: 'adam', learningRate: 0.01, biasInit: 0 },
  }),
  variants: [
    { label: 'constant 0.1', patch: { activation: 'relu', training: { kernelInit: 'constant' } } },
    { label: 'zeros', patch: { activation: 'relu', training: { kernelInit: 'zeros' } } },
    { label: 'he normal', patch: { activation: 'relu', training: { kernelInit: 'heNormal' } } },
  ],
  steps: 600,
  seeds: [1, 2, 3],
  metrics: ['distinctUnits', 'trainLoss', 'testAccuracy'],
  chart: 'distinctUnits',
};

/** The initialisation scenarios (the fourth cause of dead ReLUs), in the order the page lists them. */
export const initScenarios: readonly Scenario[] = [bornDeadDeepNarrow, scaleThroughDepth, symmetry];
