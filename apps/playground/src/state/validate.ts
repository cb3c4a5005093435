import { ValidationError } from '@rectify/core';
import { defaultState, limits } from './defaults';
import type {
  BackendSpec,
  DatasetName,
  DatasetSpec,
  HiddenLayerSpec,
  InitializerName,
  LossChoice,
  NetworkSpec,
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
];
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

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(`${path} must be an object`);
  return v as Obj;
}

function num(o: Obj, key: string, path: string, fallback: number, min: number, max: number, integer = false): number {
  const v = o[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new ValidationError(
      `${path}.${key} is ${JSON.stringify(v)}; use ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
    );
  }
  return v;
}

function pick<T extends string>(o: Obj, key: string, path: string, fallback: T, allowed: readonly T[]): T {
  const v = o[key] ?? fallback;
  if (!allowed.includes(v as T))
    throw new ValidationError(`${path}.${key} is ${JSON.stringify(v)}; use one of ${allowed.join(', ')}`);
  return v as T;
}

function activationName(v: unknown, path: string): string {
  if (typeof v !== 'string' || !/^[a-z][a-z0-9-]{0,40}$/.test(v)) {
    throw new ValidationError(`${path} is ${JSON.stringify(v)}; use a registered activation name such as "relu"`);
  }
  return v;
}

function dataset(v: unknown): DatasetSpec {
  const o = obj(v ?? {}, 'dataset');
  const d = defaultState.dataset;
  return {
    name: pick(o, 'name', 'dataset', d.name, DATASET_NAMES),
    samples: num(o, 'samples', 'dataset', d.samples, 10, limits.maxSamples, true),
    noise: num(o, 'noise', 'dataset', d.noise, 0, 1),
    trainFraction: num(o, 'trainFraction', 'dataset', d.trainFraction, 0.05, 0.95),
    positiveFraction: num(o, 'positiveFraction', 'dataset', d.positiveFraction, 0.02, 0.98),
    seed: num(o, 'seed', 'dataset', d.seed, 0, 2 ** 32 - 1, true),
  };
}

function hiddenLayer(v: unknown, i: number): HiddenLayerSpec {
  const path = `network.hidden[${i}]`;
  const o = obj(v, path);
  const hyperIn = obj(o.hyper ?? {}, `${path}.hyper`);
  const hyper: Record<string, number> = {};
  for (const [k, h] of Object.entries(hyperIn)) {
    if (typeof h !== 'number' || Number.isNaN(h)) throw new ValidationError(`${path}.hyper.${k} must be a number`);
    hyper[k] = h;
  }
  return {
    units: num(o, 'units', path, 8, 1, limits.maxUnits, true),
    activation: activationName(o.activation ?? 'relu', `${path}.activation`),
    hyper,
  };
}

function network(v: unknown): NetworkSpec {
  const o = obj(v ?? {}, 'network');
  const hidden = o.hidden ?? defaultState.network.hidden;
  if (!Array.isArray(hidden) || hidden.length > limits.maxHiddenLayers) {
    throw new ValidationError(`network.hidden must be a list of at most ${limits.maxHiddenLayers} layers`);
  }
  const residual = o.residual ?? false;
  if (typeof residual !== 'boolean') throw new ValidationError('network.residual must be true or false');
  return { hidden: hidden.map(hiddenLayer), residual };
}

function training(v: unknown): TrainingSpec {
  const o = obj(v ?? {}, 'training');
  const t = defaultState.training;
  return {
    learningRate: num(o, 'learningRate', 'training', t.learningRate, 1e-6, 10),
    batchSize: num(o, 'batchSize', 'training', t.batchSize, 1, limits.maxBatchSize, true),
    optimizer: pick(o, 'optimizer', 'training', t.optimizer, OPTIMIZER_NAMES),
    loss: pick(o, 'loss', 'training', t.loss, LOSS_CHOICES),
    kernelInit: pick(o, 'kernelInit', 'training', t.kernelInit, INITIALIZER_NAMES),
    biasInit: num(o, 'biasInit', 'training', t.biasInit, -100, 100),
    l2: num(o, 'l2', 'training', t.l2, 0, 1),
    seed: num(o, 'seed', 'training', t.seed, 0, 2 ** 32 - 1, true),
  };
}

function backend(v: unknown): BackendSpec {
  const o = obj(v ?? {}, 'backend');
  const kind = pick(o, 'kind', 'backend', 'cpu', ['cpu', 'gpu'] as const);
  const gpuMode = o.gpuMode ?? 'auto';
  if (typeof gpuMode !== 'string' || !/^[a-z0-9]{1,16}$/.test(gpuMode))
    throw new ValidationError('backend.gpuMode must be a gpu.js mode name');
  return { kind, gpuMode };
}

/**
 * Checks a state that came from outside (a URL, a file) field by field, fills missing fields with the defaults,
 * and throws a ValidationError naming the first bad field.
 */
export function validateState(value: unknown): PlaygroundState {
  const o = obj(value, 'state');
  const compare = o.compare ?? [];
  if (!Array.isArray(compare) || compare.length > 8)
    throw new ValidationError('compare must be a list of at most 8 activation names');
  return {
    dataset: dataset(o.dataset),
    network: network(o.network),
    training: training(o.training),
    backend: backend(o.backend),
    compare: compare.map((c, i) => activationName(c, `compare[${i}]`)),
    ...(o.scenario === undefined ? {} : { scenario: activationName(o.scenario, 'scenario') }),
  };
}
