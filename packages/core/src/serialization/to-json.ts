import { gradClipToJSON } from '../clipping/resolve';
import type { ActivationPlugin } from '../activation/contract';
import { ValidationError } from '../errors';
import { activationPluginOf } from '../layers/activation-layer';
import type { LayerConfig } from '../layers/contract';
import { walkLayers } from '../layers/walk';
import { LOSS_NAMES } from '../losses/from-name';
import type { Sequential } from '../model/sequential';
import type { OptimizerState } from '../optimizers/contract';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelJSON, type TrainingJSON, type WeightJSON } from './format';
import { omitDefaultHyper } from './omit-default-hyper';
import { writeModelJSON } from './write-json';

/** Options of {@link modelToJSON} and {@link serializeModel}. */
export interface ModelToJSONOptions {
  /**
   * Save the optimizer's state (moments, step counts) so training resumes exactly where it stopped. Default true.
   * Without it, loading compiles a fresh optimizer with the saved configuration.
   */
  readonly includeOptimizer?: boolean;
  /** Save the loss, L2 and optimizer configuration of a compiled model. Default true. */
  readonly includeTraining?: boolean;
}

function nonFinite(what: string, index: number, value: number): never {
  throw new ValidationError(
    `modelToJSON: ${what} element ${index} is ${value}; JSON cannot hold NaN or Infinity. The model has diverged: lower the learning rate and retrain, or restore a checkpoint`,
    'NON_FINITE',
  );
}

function copyFinite(data: ArrayLike<number>, what: string): number[] {
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) nonFinite(what, i, v);
    out[i] = v;
  }
  return out;
}

/** Rejects numbers JSON cannot hold anywhere in a layer config, naming where. */
function checkConfigFinite(value: unknown, where: string): void {
  if (typeof value === 'number') {
    if (value - value !== 0) {
      throw new ValidationError(
        `modelToJSON: ${where} is ${value}, which JSON cannot hold; the layer plugin's config() must return finite numbers`,
        'NON_FINITE',
      );
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkConfigFinite(value[i], `${where}.${i}`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkConfigFinite(v, `${where}.${k}`);
  }
}

/** The shuffling stream's words. `fit` only shuffles, which never leaves a Box–Muller value pending. */
function shuffleWords(model: Sequential): [number, number, number, number] {
  const { words } = model.getShuffleState();
  return [words[0], words[1], words[2], words[3]];
}

function trainingJSON(model: Sequential, includeOptimizer: boolean): TrainingJSON | undefined {
  const setup = model.training;
  if (!setup) return undefined;
  if (!(LOSS_NAMES as readonly string[]).includes(setup.loss.name)) {
    throw new ValidationError(
      `modelToJSON: the loss "${setup.loss.name}" is not a built-in loss, so a loaded model could not be compiled with it; pass { includeTraining: false } and compile after loading`,
    );
  }
  const optimizer = setup.optimizer.config();
  checkConfigFinite(optimizer, 'training.optimizer');
  const training: TrainingJSON = {
    loss: setup.loss.name,
    l2: setup.l2,
    ...(setup.l1 > 0 ? { l1: setup.l1 } : {}),
    optimizer,
    ...(setup.clipGrad ? { clipGrad: gradClipToJSON(setup.clipGrad) } : {}),
    shuffleState: shuffleWords(model),
  };
  if (!includeOptimizer) return training;
  const state = setup.optimizer.getState();
  const slots: Record<string, Record<string, number[]>> = {};
  for (const [id, perParam] of Object.entries(state.slots)) {
    slots[id] = {};
    for (const [slot, data] of Object.entries(perParam)) slots[id][slot] = copyFinite(data, `optimizer slot ${slot} of ${id}`);
  }
  const optimizerState: OptimizerState = { step: state.step, slots };
  return { ...training, optimizerState };
}

/**
 * The model as a JSON-ready document ({@link ModelJSON}): layer configs, activation plugin versions, every weight
 * and state buffer,
 * and for a compiled model the loss, L2, optimizer config, where the shuffling stream stands and (by default) the
 * optimizer state, so that training resumes exactly after {@link loadModel}. Reads the weights after
 * syncing them from the backend. Throws a ValidationError naming the parameter when a value is NaN or ±Infinity.
 */
export function modelToJSON(model: Sequential, options: ModelToJSONOptions = {}): ModelJSON {
  const { includeOptimizer = true, includeTraining = true } = options;
  model.sync();
  const plugins = new Map<string, ActivationPlugin>();
  walkLayers(model.layers, (layer) => {
    const plugin = activationPluginOf(layer);
    if (plugin) plugins.set(plugin.name, plugin);
  });
  const activations: Record<string, string> = {};
  const activationPackages: Record<string, string> = {};
  for (const [name, plugin] of plugins) {
    activations[name] = plugin.version;
    if (plugin.package) activationPackages[name] = plugin.package;
  }
  const layers = model.layers.map((layer, i) => {
    const config = omitDefaultHyper(layer.config(), plugins) as LayerConfig;
    checkConfigFinite(config, `layers.${i}`);
    return config;
  });
  const weights: Record<string, WeightJSON> = {};
  for (const { id, param } of model.paramRefs()) {
    weights[id] = { shape: [...param.shape], data: copyFinite(param.value, `parameter ${id}`) };
  }
  const state: Record<string, WeightJSON> = {};
  walkLayers(model.layers, (layer, path) => {
    for (const buffer of layer.state()) {
      state[`${path}.${buffer.name}`] = {
        shape: [...buffer.shape],
        data: copyFinite(buffer.value, `state ${path}.${buffer.name}`),
      };
    }
  });
  const training = includeTraining ? trainingJSON(model, includeOptimizer) : undefined;
  const doc: ModelJSON = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    inputShape: [...model.inputShape],
    seed: model.seed,
    layers,
    activations,
    ...(Object.keys(activationPackages).length ? { activationPackages } : {}),
    weights,
    ...(Object.keys(state).length > 0 ? { state } : {}),
  };
  return training ? { ...doc, training } : doc;
}

/** The model as JSON text (see {@link modelToJSON}); float32 weights round-trip bit-exactly through {@link loadModel}. */
export function serializeModel(model: Sequential, options: ModelToJSONOptions = {}): string {
  return writeModelJSON(modelToJSON(model, options));
}
