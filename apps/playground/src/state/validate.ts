import { validateSequence } from './sequence-validate';
import { type Registry, ValidationError } from '@rectify/core';
import { BOUNDS, type FieldBounds, boundsProblem } from './bounds';
import { imageShapeOf, validateConvStages } from './conv-stages';
import { defaultState, limits } from './defaults';
import type {
  BackendSpec,
  DatasetName,
  DatasetSpec,
  FeatureName,
  HiddenLayerSpec,
  InitializerName,
  LossChoice,
  NetworkSpec,
  NormName,
  OptimizerName,
  PlaygroundState,
  TrainingSpec,
} from './types';

/** Every data set name. */
export const DATASET_NAMES: readonly DatasetName[] = [
  'circles',
  'xor',
  'gaussians',
  'spirals',
  'moons',
  'plane',
  'bumps',
  'mnist',
  'bars',
];
/** Every input feature name, in the order the model reads them (after x₁ and x₂). */
export const FEATURE_NAMES: readonly FeatureName[] = ['x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];

/** Every norm a hidden layer may have after its dense layer. */
export const NORM_NAMES: readonly NormName[] = ['batch-norm', 'layer-norm'];

/** Largest dropout rate the page offers (core accepts up to, not including, 1). */
export const MAX_DROPOUT = 0.9;

/** The optional layer choices: each absent at its default (no Maxout, no norm, no dropout). */
function layerChoices(o: Obj, where: string): Pick<HiddenLayerSpec, 'unit' | 'norm' | 'dropout'> {
  if (o.unit !== undefined && o.unit !== 'maxout')
    throw new ValidationError(
      `${where}: there is no unit kind called ${JSON.stringify(o.unit)?.slice(0, 40)}; use "maxout" or leave it out`,
    );
  if (o.norm !== undefined && !NORM_NAMES.includes(o.norm as NormName))
    throw new ValidationError(
      `${where}: there is no norm called ${JSON.stringify(o.norm)?.slice(0, 40)}; use one of ${NORM_NAMES.join(', ')} or leave it out`,
    );
  const rate = o.dropout ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= MAX_DROPOUT))
    throw new ValidationError(`${where}: the dropout rate must be a number from 0 (none) to ${MAX_DROPOUT}`);
  return {
    ...(o.unit === 'maxout' ? { unit: 'maxout' as const } : {}),
    ...(o.norm === undefined ? {} : { norm: o.norm as NormName }),
    ...(rate > 0 ? { dropout: rate } : {}),
  };
}

/** Every optimizer name. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'adamw'];
/** Every weight initialiser name. */
export const INITIALIZER_NAMES: readonly InitializerName[] = [
  'heNormal',
  'heUniform',
  'glorotNormal',
  'glorotUniform',
  'lecunNormal',
  'lecunUniform',
  'randomizedAsymmetric',
  'zeros',
  'constant',
];
/** Every loss choice. */
export const LOSS_CHOICES: readonly LossChoice[] = ['auto', 'mse', 'bce-with-logits', 'softmax-cross-entropy'];

/** The gpu.js modes a state may ask for (those of `@rectify/gpu`, which the page loads only on demand). */
export const GPU_MODE_NAMES: readonly string[] = ['auto', 'webgl2', 'webgl', 'webgpu', 'headlessgl', 'webasm', 'cpu'];

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(`${what} is missing or not readable`);
  return v as Obj;
}

/** A numeric field checked against the shared {@link BOUNDS}; the error says it in the user's words. */
function num(o: Obj, key: string, bounds: FieldBounds, fallback: number, where = ''): number {
  const v = o[key] ?? fallback;
  const problem = boundsProblem(bounds, v);
  if (problem) throw new ValidationError(where ? `${where}: ${problem}` : problem);
  return v as number;
}

function pick<T extends string>(o: Obj, key: string, label: string, fallback: T, allowed: readonly T[]): T {
  const v = o[key] ?? fallback;
  if (!allowed.includes(v as T))
    throw new ValidationError(`there is no ${label} called ${JSON.stringify(v)?.slice(0, 40)}; use one of ${allowed.join(', ')}`);
  return v as T;
}

function activationName(v: unknown, path: string): string {
  if (typeof v !== 'string' || !/^[a-z][a-z0-9-]{0,40}$/.test(v)) {
    throw new ValidationError(`${path} is ${JSON.stringify(v)}; use a registered activation name such as "relu"`);
  }
  return v;
}

/** The input features, each known and once, in the model's order; none for MNIST, whose inputs are its pixels. */
function features(v: unknown, name: DatasetName): FeatureName[] {
  const list = v ?? [];
  if (!Array.isArray(list))
    throw new ValidationError(`the input features must be a list; use some of ${FEATURE_NAMES.join(', ')}`);
  for (const f of list) {
    if (!FEATURE_NAMES.includes(f as FeatureName))
      throw new ValidationError(
        `there is no input feature called ${JSON.stringify(f)?.slice(0, 40)}; use some of ${FEATURE_NAMES.join(', ')}`,
      );
  }
  if (new Set(list).size !== list.length) throw new ValidationError('an input feature is listed twice; list each once');
  if (imageShapeOf(name) && list.length > 0)
    throw new ValidationError(`input features apply to the 2-D data sets; ${name} reads its pixels, so use none`);
  return FEATURE_NAMES.filter((f) => list.includes(f));
}

function dataset(v: unknown): DatasetSpec {
  const o = obj(v ?? {}, 'the data settings');
  const d = defaultState.dataset;
  const name = pick(o, 'name', 'data set', d.name, DATASET_NAMES);
  const extra = features(o.features, name);
  return {
    name,
    samples: num(o, 'samples', BOUNDS.samples, d.samples),
    noise: num(o, 'noise', BOUNDS.noise, d.noise),
    trainFraction: num(o, 'trainFraction', BOUNDS.trainFraction, d.trainFraction),
    positiveFraction: num(o, 'positiveFraction', BOUNDS.positiveFraction, d.positiveFraction),
    seed: num(o, 'seed', BOUNDS.dataSeed, d.seed),
    // Absent when empty, so links made before input features existed read back unchanged.
    ...(extra.length > 0 ? { features: extra } : {}),
  };
}

function hiddenLayer(v: unknown, i: number, registry?: Registry): HiddenLayerSpec {
  const where = `hidden layer ${i + 1}`;
  const o = obj(v, where);
  const hyperIn = obj(o.hyper ?? {}, `${where}: its activation settings`);
  const hyper: Record<string, number> = {};
  for (const [k, h] of Object.entries(hyperIn)) {
    if (typeof h !== 'number' || Number.isNaN(h))
      throw new ValidationError(`${where}: the activation setting "${k.slice(0, 40)}" must be a number`);
    hyper[k] = h;
  }
  const layer = {
    units: num(o, 'units', BOUNDS.units, 8, where),
    activation: activationName(o.activation ?? 'relu', `${where}: the activation`),
    hyper,
    ...layerChoices(o, where),
  };
  if (registry && layer.unit !== 'maxout') checkActivation(layer, where, registry);
  return layer;
}

/**
 * The activation exists and its settings are ones core accepts for a layer of this width: the plugin's own
 * hyper-parameter checks (unknown names, ranges, infinity) and learnable sizes of 1 or one per unit, as core's
 * activation layer demands at build time.
 */
function checkActivation(h: HiddenLayerSpec, where: string, registry: Registry): void {
  if (!registry.hasActivation(h.activation)) {
    const known = registry
      .listActivations()
      .map((a) => a.name)
      .join(', ');
    throw new ValidationError(`${where}: there is no activation called "${h.activation}"; pick one of ${known}`);
  }
  const plugin = registry.activation(h.activation);
  const label = `${where} (${plugin.displayName})`;
  let resolved: Readonly<Record<string, number>>;
  try {
    resolved = plugin.resolve(h.hyper);
  } catch (e) {
    const said = (e as Error).message.replace(`${plugin.name}: `, '').replace('hyper-parameter', 'setting');
    throw new ValidationError(`${label}: ${said}`);
  }
  for (const [key, spec] of Object.entries(plugin.learnable)) {
    const size = spec.size(resolved);
    if (size !== 1 && size !== h.units) {
      const setting = Object.keys(resolved).find((k) => resolved[k] === size) ?? key;
      throw new ValidationError(
        `${label}: ${setting} is ${size} but the layer has ${h.units} units; use 1 (shared by all units) or ${h.units}`,
      );
    }
  }
}

function network(v: unknown, name: DatasetName, registry?: Registry): NetworkSpec {
  const o = obj(v ?? {}, 'the network');
  const hidden = o.hidden ?? defaultState.network.hidden;
  if (!Array.isArray(hidden) || hidden.length > limits.maxHiddenLayers) {
    throw new ValidationError(`the network must be a list of at most ${limits.maxHiddenLayers} hidden layers`);
  }
  const residual = o.residual ?? false;
  if (typeof residual !== 'boolean') throw new ValidationError('residual connections must be on (true) or off (false)');
  const conv = validateConvStages(o.conv, name, registry);
  return { ...(conv ? { conv } : {}), hidden: hidden.map((h, i) => hiddenLayer(h, i, registry)), residual };
}

function training(v: unknown): TrainingSpec {
  const o = obj(v ?? {}, 'the training settings');
  const t = defaultState.training;
  return {
    learningRate: num(o, 'learningRate', BOUNDS.learningRate, t.learningRate),
    batchSize: num(o, 'batchSize', BOUNDS.batchSize, t.batchSize),
    optimizer: pick(o, 'optimizer', 'optimizer', t.optimizer, OPTIMIZER_NAMES),
    loss: pick(o, 'loss', 'loss', t.loss, LOSS_CHOICES),
    kernelInit: pick(o, 'kernelInit', 'weights init', t.kernelInit, INITIALIZER_NAMES),
    biasInit: num(o, 'biasInit', BOUNDS.biasInit, t.biasInit),
    l2: num(o, 'l2', BOUNDS.l2, t.l2),
    l1: num(o, 'l1', BOUNDS.l1, t.l1),
    seed: num(o, 'seed', BOUNDS.seed, t.seed),
  };
}

function backend(v: unknown): BackendSpec {
  const o = obj(v ?? {}, 'the backend');
  const kind = pick(o, 'kind', 'backend', 'cpu', ['cpu', 'gpu'] as const);
  const gpuMode = pick(o, 'gpuMode', 'gpu.js mode', 'auto', GPU_MODE_NAMES);
  return { kind, gpuMode };
}

/**
 * Checks a state that came from outside (a URL, a file) field by field, fills missing fields with the defaults,
 * and throws a ValidationError naming the first bad field in the user's words. With the registry it also checks
 * every activation and its settings as core will when the model is built, so nothing the page accepts fails later.
 */
export function validateState(value: unknown, registry?: Registry): PlaygroundState {
  const o = obj(value, 'the state');
  const compare = o.compare ?? [];
  if (!Array.isArray(compare) || compare.length > 8)
    throw new ValidationError('compare mode takes a list of at most 8 activations');
  const data = dataset(o.dataset);
  return {
    dataset: data,
    network: network(o.network, data.name, registry),
    training: training(o.training),
    backend: backend(o.backend),
    compare: compare.map((c, i) => {
      const name = activationName(c, `compared activation ${i + 1}`);
      if (registry && !registry.hasActivation(name))
        throw new ValidationError(`compared activation ${i + 1}: there is no activation called "${name}"`);
      return name;
    }),
    ...(o.scenario === undefined ? {} : { scenario: activationName(o.scenario, 'scenario') }),
    ...(o.sequence === undefined ? {} : { sequence: validateSequence(o.sequence, registry) }),
  };
}
