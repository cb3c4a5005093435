import { defaultState } from '../state/defaults';
import { stack } from '../state/patch';
import type { PlaygroundState } from '../state/types';
import { initScenarios } from './init-scenarios';
import type { Scenario } from './types';

const base = (over: Partial<PlaygroundState>): PlaygroundState => ({ ...defaultState, ...over });
const seeds = [1, 2, 3];

/** ReLU vs sigmoid and tanh on the same spirals, same seed. */
const reluConverges: Scenario = {
  id: 'relu-converges-faster',
  title: 'ReLU converges faster than sigmoid and tanh',
  claim: 'With the same data, depth, optimizer and seed, ReLU reaches a low training loss in fewer steps than sigmoid or tanh.',
  watch: 'Watch the overlaid loss curves: the ReLU curve drops first, sigmoid lingers on its plateau near 0.69.',
  why: "ReLU's slope is 1 wherever it is active, so the error signal reaches every layer at full strength; sigmoid's slope is at most 0.25 and tanh's shrinks away from 0, so each layer passes on less.",
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.1 },
    network: { hidden: stack(3, 12), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.1, batchSize: 16 },
  }),
  variants: [
    { label: 'relu', patch: { activation: 'relu', training: { kernelInit: 'heNormal' } } },
    { label: 'tanh', patch: { activation: 'tanh', training: { kernelInit: 'glorotNormal' } } },
    { label: 'sigmoid', patch: { activation: 'sigmoid', training: { kernelInit: 'glorotNormal' } } },
  ],
  steps: 600,
  seeds,
  targetLoss: 0.2,
  metrics: ['stepsToTarget', 'trainLoss', 'testAccuracy'],
  chart: 'trainLoss',
};

/** A deep sigmoid stack vs the same stack with ReLU. */
const vanishing: Scenario = {
  id: 'vanishing-gradient',
  title: 'Deep sigmoid stacks lose their gradient; ReLU keeps it',
  claim: 'In a 10-layer stack the gradient reaching the first layer is orders of magnitude smaller with sigmoid than with ReLU.',
  watch:
    'Watch the per-layer gradient norm (log scale), picking each run under "Views show": with sigmoid it falls layer after layer towards the input; the table\'s ‖∇W‖ layer 1 compares the runs.',
  why: "Backpropagation multiplies one slope per layer: ten sigmoid slopes of at most 0.25 make the first layer's gradient about a million times smaller; ReLU multiplies by 1 on its active units.",
  base: base({
    dataset: { ...defaultState.dataset, name: 'xor', noise: 0.05 },
    network: { hidden: stack(10, 10), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.05, batchSize: 32 },
  }),
  variants: [
    { label: 'sigmoid', patch: { activation: 'sigmoid', training: { kernelInit: 'glorotNormal' } } },
    { label: 'tanh', patch: { activation: 'tanh', training: { kernelInit: 'glorotNormal' } } },
    { label: 'relu', patch: { activation: 'relu', training: { kernelInit: 'heNormal' } } },
  ],
  steps: 200,
  seeds,
  metrics: ['firstGradNorm', 'gradRatio', 'trainLoss'],
  chart: 'gradRatio',
};

/** Learning rate sweep: dead-unit fraction per activation and learning rate. */
const highLr: Scenario = {
  id: 'high-lr-kills-relu',
  title: 'A high learning rate kills ReLU units',
  claim:
    'A few large updates push ReLU units into the region where they never fire again; the dead fraction grows with the learning rate, and Leaky ReLU is immune.',
  watch: 'Watch the dead-unit count per layer and the greyed (dead) neurons in the network drawing as the learning rate goes up.',
  why: "A large step can push a unit's bias and weights so far that its input is negative for every example; there ReLU's slope is 0, so no gradient ever moves it back.",
  base: base({
    dataset: { ...defaultState.dataset, name: 'spirals', noise: 0.1 },
    network: { hidden: stack(3, 16), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', batchSize: 16 },
  }),
  variants: [
    { label: 'relu lr 0.03', patch: { activation: 'relu', training: { learningRate: 0.03 } } },
    { label: 'relu lr 0.3', patch: { activation: 'relu', training: { learningRate: 0.3 } } },
    { label: 'relu lr 1', patch: { activation: 'relu', training: { learningRate: 1 } } },
    { label: 'relu lr 3', patch: { activation: 'relu', training: { learningRate: 3 } } },
    {
      label: 'leaky lr 0.3',
      patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.1 }, training: { learningRate: 0.3 } },
    },
    { label: 'leaky lr 1', patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.1 }, training: { learningRate: 1 } } },
    { label: 'leaky lr 3', patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.1 }, training: { learningRate: 3 } } },
  ],
  steps: 1000,
  seeds: [1, 2, 3, 4, 5],
  metrics: ['deadFraction', 'trainLoss', 'testAccuracy'],
  chart: 'deadFraction',
};

/** Biases initialised at a large negative value. */
const negativeBias: Scenario = {
  id: 'negative-bias-kills-at-birth',
  title: 'A large negative bias kills ReLU units at birth',
  claim: 'With every bias starting at −3, no ReLU unit fires on any input, no gradient flows, and the network never learns.',
  watch:
    'Watch the dead-unit fraction at step 0: 100% for ReLU and its loss stays flat at 0.69, while Leaky ReLU, PReLU and ELU units stay alive and learn.',
  why: 'With a bias of −3 every ReLU input starts below 0, so every slope is 0 from the first step; Leaky ReLU, PReLU and ELU keep a non-zero slope there and can climb out.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.1 },
    network: { hidden: stack(2, 12), residual: false },
    training: { ...defaultState.training, optimizer: 'adam', learningRate: 0.01, biasInit: -3 },
  }),
  variants: [
    { label: 'relu bias 0', patch: { activation: 'relu', training: { biasInit: 0 } } },
    { label: 'relu bias -3', patch: { activation: 'relu' } },
    { label: 'leaky bias -3', patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.1 } } },
    { label: 'prelu bias -3', patch: { activation: 'prelu' } },
    { label: 'elu bias -3', patch: { activation: 'elu' } },
  ],
  steps: 1000,
  seeds,
  metrics: ['deadAtStart', 'deadFraction', 'trainLoss', 'testAccuracy'],
  chart: 'deadFraction',
};

/** Imbalanced classes. */
const imbalanced: Scenario = {
  id: 'imbalanced-data',
  title: 'Imbalanced data: accuracy hides a lazy network',
  claim:
    'With 10% positives, predicting "negative" everywhere already scores 90% accuracy; recall on the minority class tells the truth.',
  watch:
    'Watch the accuracy curve jump to 0.9 at once while the minority recall column stays low; pick "Views show: 10% positive" to see its data and a boundary that misses the minority class.',
  why: 'When 90% of the examples are negative, answering "negative" everywhere is already 90% right, so the loss barely pushes towards the rare class; recall on that class shows it.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'circles', noise: 0.15, positiveFraction: 0.1, samples: 600 },
    network: { hidden: stack(2, 8), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.05 },
  }),
  variants: [
    { label: 'balanced', patch: { dataset: { positiveFraction: 0.5 } } },
    { label: '10% positive', patch: {} },
    { label: '10% positive, adam', patch: { training: { optimizer: 'adam', learningRate: 0.02 } } },
  ],
  steps: 300,
  seeds,
  metrics: ['testAccuracy', 'minorityRecall', 'trainLoss'],
  chart: 'minorityRecall',
};

/** The cures: Leaky ReLU, PReLU and ELU under the conditions that kill ReLU. */
const cures: Scenario = {
  id: 'cures-keep-units-alive',
  title: 'Leaky ReLU, PReLU and ELU keep units alive',
  claim:
    'Under a learning rate that kills about half of the ReLU units (Adam, 0.05), activations with a non-zero negative side keep every unit trainable.',
  watch:
    'Watch dead-unit counts stay at 0 for Leaky ReLU, PReLU and ELU; pick "Views show: prelu" to see the learned PReLU slopes move away from 0.25.',
  why: 'A small slope on the negative side (fixed for Leaky ReLU, learned for PReLU, smooth for ELU) lets a unit pushed below 0 still receive gradient and come back.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'spirals', noise: 0.1 },
    network: { hidden: stack(3, 16), residual: false },
    training: { ...defaultState.training, optimizer: 'adam', learningRate: 0.05, batchSize: 16 },
  }),
  variants: [
    { label: 'relu', patch: { activation: 'relu' } },
    { label: 'leaky-relu', patch: { activation: 'leaky-relu', hyper: { negativeSlope: 0.1 } } },
    { label: 'prelu', patch: { activation: 'prelu' } },
    { label: 'elu', patch: { activation: 'elu' } },
  ],
  steps: 1000,
  seeds: [1, 2, 3, 4, 5],
  metrics: ['deadFraction', 'trainLoss', 'testAccuracy'],
  chart: 'deadFraction',
};

/** BatchNorm before each ReLU under the two conditions that kill ReLU units. */
const batchNormAlive: Scenario = {
  id: 'batch-norm-keeps-relu-alive',
  title: 'BatchNorm keeps ReLU units alive',
  claim:
    'Under a learning rate of 1 or with every bias starting at −1, plain ReLU layers lose units for good; the same layers with BatchNorm before each ReLU keep almost all of them.',
  watch:
    'Watch the dead-unit counts per layer: the plain ReLU runs grey out units, the BatchNorm runs keep them lit; pick "Views show" to compare the drawings.',
  why: "BatchNorm re-centres and re-scales each unit's input over the batch, so however far a large step or a negative bias pushes the dense output, about half of the batch lands above 0 and the unit keeps receiving gradient. (At step 0 the BatchNorm runs count as many dead units as the plain ones: the dead count is taken in inference mode, where BatchNorm uses running statistics that still hold their initial 0 and 1.)",
  base: base({
    dataset: { ...defaultState.dataset, name: 'spirals', noise: 0.1 },
    network: { hidden: stack(3, 16), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', batchSize: 16, kernelInit: 'heNormal' },
  }),
  variants: [
    { label: 'relu, lr 1', patch: { training: { learningRate: 1 } } },
    { label: 'relu + batch-norm, lr 1', patch: { norm: 'batch-norm', training: { learningRate: 1 } } },
    { label: 'relu, bias -1', patch: { training: { learningRate: 0.1, biasInit: -1 } } },
    { label: 'relu + batch-norm, bias -1', patch: { norm: 'batch-norm', training: { learningRate: 0.1, biasInit: -1 } } },
  ],
  steps: 1000,
  seeds: [1, 2, 3, 4, 5],
  metrics: ['deadFraction', 'deadAtStart', 'trainLoss', 'testAccuracy'],
  chart: 'deadFraction',
};

/** A deep plain stack vs the same stack with residual connections. */
const residualHelps: Scenario = {
  id: 'residual-helps',
  title: 'Residual connections make deep networks train faster',
  claim:
    'In 800 steps a 12-layer ReLU stack has barely started to learn while the same layers wrapped in residual blocks have learned; left to run for a few thousand steps the plain stack catches up, so skip connections make it train faster, not train at all.',
  watch:
    'Watch the loss curves and the first layer gradient norm (‖∇W‖ layer 1 in the table) up to step 800, where training stops: the residual net keeps its gradient and its loss falls. Press Play to go on and see the plain net catch up much later.',
  why: 'A skip connection adds the input back after each block, so the gradient has a path that multiplies by 1 through every layer; the plain stack must pass it through twelve ReLU slopes and weight matrices.',
  base: base({
    dataset: { ...defaultState.dataset, name: 'spirals', noise: 0.05 },
    network: { hidden: stack(12, 16), residual: false },
    training: { ...defaultState.training, optimizer: 'sgd', learningRate: 0.02, batchSize: 16, kernelInit: 'glorotNormal' },
  }),
  variants: [
    { label: 'plain', patch: { network: { residual: false } } },
    { label: 'residual', patch: { network: { residual: true } } },
  ],
  steps: 800,
  seeds,
  metrics: ['trainLoss', 'testAccuracy', 'firstGradNorm'],
  chart: 'trainLoss',
};

/** Every scenario, in the order the page lists them. */
export const scenarios: readonly Scenario[] = [
  reluConverges,
  vanishing,
  highLr,
  negativeBias,
  imbalanced,
  cures,
  batchNormAlive,
  residualHelps,
  ...initScenarios,
];

/** The scenario with this id, or undefined. */
export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
