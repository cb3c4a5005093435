import {
  type Backend,
  type Initializer,
  type Layer,
  type LossName,
  type Optimizer,
  type Registry,
  type Sequential,
  ValidationError,
  activation,
  adam,
  adamw,
  constantInit,
  dense,
  dropout,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  randomizedAsymmetric,
  residual,
  sequential,
  sgd,
  zeroInit,
} from '@rectify/core';
import { batchNorm, layerNorm } from '@rectify/norm';
import { maxout } from 'rectify-layer-maxout';
import { modelInputDim } from '../data/features';
import { imageShapeOf } from '../state/conv-stages';
import { convFront } from './conv-front';
import type { Dataset, TaskKind } from '../data/types';
import type { HiddenLayerSpec, InitializerName, LossChoice, PlaygroundState } from '../state/types';

const initializers: Record<InitializerName, () => Initializer> = {
  heNormal: () => heNormal(),
  heUniform: () => heUniform(),
  glorotNormal: () => glorotNormal(),
  glorotUniform: () => glorotUniform(),
  lecunNormal: () => lecunNormal(),
  lecunUniform: () => lecunUniform(),
  randomizedAsymmetric: () => randomizedAsymmetric().kernelInitializer,
  zeros: () => zeroInit(),
  constant: () => constantInit(0.1),
};

/** Initialisers that give every unit of a layer the same weights; the output layer gets them too. */
const symmetric: ReadonlySet<InitializerName> = new Set(['zeros', 'constant']);

/** Kernel and bias initialisers of a hidden dense layer: RAI fills both, the others use the state's bias constant. */
function hiddenInitializers(training: PlaygroundState['training']): {
  kernelInitializer: Initializer;
  biasInitializer: Initializer;
} {
  if (training.kernelInit === 'randomizedAsymmetric') return randomizedAsymmetric();
  return { kernelInitializer: initializers[training.kernelInit](), biasInitializer: constantInit(training.biasInit) };
}

/** The loss a task trains with when the state says `auto`. */
export function resolveLoss(choice: LossChoice, task: TaskKind): LossName {
  if (choice !== 'auto') return choice;
  if (task === 'binary') return 'bce-with-logits';
  if (task === 'multiclass') return 'softmax-cross-entropy';
  return 'mse';
}

/**
 * Where each hidden layer lives in the model: its layers `unit → norm? → activation → dropout?` are top-level layers
 * `top … top + count − 1`, or the body of the residual block at `top` (then `count` is 1).
 */
export interface HiddenLayerPlace {
  /** Index of the top-level layer holding it (a residual block, or the dense layer). */
  readonly top: number;
  /** Top-level layers it spans. */
  readonly count: number;
  /** True when the hidden layer is the body of a residual block at `top`. */
  readonly inResidual: boolean;
}

/** A built model plus the map from hidden layers to model layers. */
export interface BuiltModel {
  readonly model: Sequential;
  readonly places: readonly HiddenLayerPlace[];
  readonly loss: LossName;
}

function makeOptimizer(state: PlaygroundState): Optimizer {
  const { optimizer, learningRate } = state.training;
  if (optimizer === 'sgd') return sgd({ learningRate });
  if (optimizer === 'adamw') return adamw({ learningRate });
  return adam({ learningRate });
}

/** Maxout's pieces per unit: 2 already contains ReLU and Leaky ReLU. */
export const MAXOUT_PIECES = 2;

/**
 * The layers of one hidden layer: `dense → norm? → activation → dropout?`. A Maxout unit replaces the dense layer and
 * is the non-linearity; the identity activation after it gives the stats and drawing the same place to read unit
 * outputs as for every other layer, and changes no value.
 */
function hiddenBlock(h: HiddenLayerSpec, training: PlaygroundState['training'], registry: Registry): Layer[] {
  const maxoutUnit = h.unit === 'maxout';
  const layers: Layer[] = [maxoutUnit ? maxout(h.units, MAXOUT_PIECES) : dense(h.units, hiddenInitializers(training))];
  if (h.norm === 'batch-norm') layers.push(batchNorm());
  if (h.norm === 'layer-norm') layers.push(layerNorm());
  layers.push(maxoutUnit ? activation(registry.activation('identity')) : activation(registry.activation(h.activation), h.hyper));
  if (h.dropout) layers.push(dropout(h.dropout));
  return layers;
}

/**
 * Builds and compiles the network a state describes for a data set: its convolutional stages, if any (see
 * `convFront`; the model then reads `[channels, height, width]` images), then each hidden layer
 * `dense → norm? → activation → dropout?` (after the first, wrapped in a residual block when residual connections
 * are on), then a dense output layer.
 */
export function buildModel(state: PlaygroundState, data: Dataset, registry: Registry, backend?: Backend): BuiltModel {
  const { network, training } = state;
  const layers: Layer[] = [];
  const places: HiddenLayerPlace[] = [];
  const image = network.conv?.length ? imageShapeOf(state.dataset.name) : null;
  if (network.conv?.length && !image) {
    throw new ValidationError(
      `convolution stages need an image data set (MNIST or bars and stripes), not "${state.dataset.name}"`,
    );
  }
  // The dense initialisers except RAI, whose bias recipe is for dense units.
  const convInit = () => initializers[training.kernelInit === 'randomizedAsymmetric' ? 'heNormal' : training.kernelInit]();
  if (network.conv?.length) layers.push(...convFront(network.conv, convInit, registry));
  network.hidden.forEach((h, i) => {
    if (h.unit !== 'maxout' && !registry.hasActivation(h.activation)) {
      throw new ValidationError(
        `hidden layer ${i + 1}: activation "${h.activation}" is not registered; pick one of ${registry
          .listActivations()
          .map((a) => a.name)
          .join(', ')}`,
      );
    }
    const block = hiddenBlock(h, training, registry);
    if (network.residual && i > 0) {
      places.push({ top: layers.length, count: 1, inResidual: true });
      layers.push(residual(block));
    } else {
      places.push({ top: layers.length, count: block.length, inResidual: false });
      layers.push(...block);
    }
  });
  const outputInit = symmetric.has(training.kernelInit) ? initializers[training.kernelInit]() : glorotUniform();
  layers.push(dense(data.outputDim, { kernelInitializer: outputInit }));
  const inputShape = image ? [...image] : [modelInputDim(data, state.dataset.features)];
  const model = sequential({ inputShape, layers, seed: training.seed, registry });
  const loss = resolveLoss(training.loss, data.task);
  model.compile({ loss, optimizer: makeOptimizer(state), l2: training.l2, l1: training.l1, ...(backend ? { backend } : {}) });
  return { model, places, loss };
}

const UNIT_TYPES = new Set(['dense', 'maxout']);
const NORM_TYPES = new Set(['batch-norm', 'layer-norm']);

/** How many of `types` (starting at `from`) form one hidden layer `unit → norm? → activation → dropout?`; 0 if none. */
function hiddenRun(types: readonly string[], from: number): number {
  let i = from;
  if (!UNIT_TYPES.has(types[i] ?? '')) return 0;
  i++;
  if (NORM_TYPES.has(types[i] ?? '')) i++;
  if (types[i] !== 'activation') return 0;
  i++;
  if (types[i] === 'dropout') i++;
  return i - from;
}

/**
 * Finds the hidden layers of a model that came from outside (an imported file): top-level runs of
 * `dense|maxout → norm? → activation → dropout?` and residual blocks whose body is one such run, followed by one
 * dense output layer. Throws a ValidationError naming the first layer that does not fit that shape.
 */
export function placesOf(model: Sequential): HiddenLayerPlace[] {
  const places: HiddenLayerPlace[] = [];
  const layers = model.layers;
  const types = layers.map((l) => l.type);
  let i = 0;
  while (i < layers.length - 1) {
    const l = layers[i];
    const run = hiddenRun(types, i);
    const body = l.type === 'residual' ? l.children().map((c) => c.type) : [];
    if (run > 0) {
      places.push({ top: i, count: run, inResidual: false });
      i += run;
    } else if (body.length > 0 && hiddenRun(body, 0) === body.length) {
      places.push({ top: i, count: 1, inResidual: true });
      i += 1;
    } else {
      throw new ValidationError(
        `layers.${i} (${l.type}) does not fit the playground: it shows hidden layers of dense (or maxout) → norm? → activation → dropout?, alone or as the body of a residual block, then one dense output layer`,
      );
    }
  }
  if (layers[layers.length - 1]?.type !== 'dense') {
    throw new ValidationError(`the last layer is ${layers[layers.length - 1]?.type}; the playground needs a dense output layer`);
  }
  return places;
}

/** Compiles an imported model with the state's training options, for the playground to go on training it. */
export function adoptModel(model: Sequential, state: PlaygroundState, data: Dataset, backend?: Backend): BuiltModel {
  const inputDim = modelInputDim(data, state.dataset.features);
  if (model.inputShape.join() !== String(inputDim) || model.outputShape.join() !== String(data.outputDim)) {
    const features = inputDim === data.inputDim ? '' : ' with its input features';
    throw new ValidationError(
      `the model maps [${model.inputShape}] → [${model.outputShape}] but the "${data.name}" data${features} need [${inputDim}] → [${data.outputDim}]; pick the data set and input features the model was trained on`,
    );
  }
  const places = placesOf(model);
  const loss = resolveLoss(state.training.loss, data.task);
  model.compile({
    loss,
    optimizer: makeOptimizer(state),
    l2: state.training.l2,
    l1: state.training.l1,
    ...(backend ? { backend } : {}),
  });
  return { model, places, loss };
}
