import type { LayerConfig } from '../layers/contract';
import type { OptimizerConfig, OptimizerState } from '../optimizers/contract';
import {
  type GradClipJSON,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelJSON,
  type TrainingJSON,
  type WeightJSON,
} from './format';
import { NPM_PACKAGE } from '../activation/define';
import type { ResolvedModelLimits } from './limits';
import {
  expectArray,
  expectInteger,
  expectKeys,
  expectNumber,
  expectObject,
  expectString,
  fail,
  type Path,
  typeName,
} from './schema-helpers';

const MAX_RANK = 8;
const PARAM_ID = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const PLUGIN_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SEMVER = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:[-+][0-9A-Za-z.-]{1,64})?$/;
const SLOT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The major version of a semver string accepted by the schema. */
export function majorVersion(version: string): number {
  const m = SEMVER.exec(version);
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * Checks a shape and returns its element count. Every dimension must be a non-negative integer and the product at
 * most `maxElements`; the product is bounded while it is computed, so no size is ever allocated before this passes.
 */
function checkShape(
  value: unknown,
  path: Path,
  maxElements: number,
  what: string,
  minDim = 0,
): { shape: number[]; size: number } {
  const arr = expectArray(value, path);
  if (arr.length > MAX_RANK) fail(path, `has rank ${arr.length}; at most ${MAX_RANK} dimensions are supported`);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < arr.length; i++) {
    const d = arr[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < minDim) {
      fail(
        [...path, i],
        `dimension ${typeof d === 'number' ? d : typeName(d)} is invalid; every dimension must be an integer >= ${minDim}`,
      );
    }
    size *= d;
    if (size > maxElements) {
      fail(
        path,
        `${what} [${arr.join(', ')}] declares more than ${maxElements} elements, the limit; raise the limit only for a document you trust`,
      );
    }
    shape.push(d);
  }
  return { shape, size };
}

/** Checks that every element of `data` is a number that float32 can hold. */
function checkFloat32Data(data: readonly unknown[], path: Path, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || v - v !== 0) {
      fail(
        [...path, i],
        `${what}: element ${i} is ${typeof v === 'number' ? v : typeName(v)}; every value must be a finite number`,
      );
    }
    if (Math.fround(v) - Math.fround(v) !== 0) {
      fail([...path, i], `${what}: element ${i} is ${v}, beyond the float32 range (about ±3.4e38)`);
    }
  }
}

function checkWeights(
  value: unknown,
  limits: ResolvedModelLimits,
  key: 'weights' | 'state' = 'weights',
): { weights: Record<string, WeightJSON>; sizes: Map<string, number> } {
  const obj = expectObject(value, [key]);
  const weights: Record<string, WeightJSON> = {};
  const sizes = new Map<string, number>();
  let total = 0;
  for (const id of Object.keys(obj)) {
    const path = [key, id];
    if (id.length > 256 || !PARAM_ID.test(id))
      fail(path, `"${id}" is not a parameter id; ids are dotted paths such as layers.0.kernel`);
    const w = expectObject(obj[id], path);
    expectKeys(w, path, ['shape', 'data']);
    const { shape, size } = checkShape(w.shape, [...path, 'shape'], limits.maxTensorElements, `parameter ${id}: shape`);
    total += size;
    if (total > limits.maxParameters) {
      fail(
        path,
        `the weights hold more than ${limits.maxParameters} parameters in total, the limit (maxParameters); raise it only for a document you trust`,
      );
    }
    const data = expectArray(w.data, [...path, 'data']);
    if (data.length !== size) {
      fail([...path, 'data'], `parameter ${id}: shape [${shape.join(', ')}] needs ${size} values but data has ${data.length}`);
    }
    checkFloat32Data(data, [...path, 'data'], `parameter ${id}`);
    weights[id] = { shape, data: data as number[] };
    sizes.set(id, size);
  }
  return { weights, sizes };
}

function checkActivations(value: unknown): Record<string, string> {
  const obj = expectObject(value, ['activations']);
  const out: Record<string, string> = {};
  for (const name of Object.keys(obj)) {
    const path = ['activations', name];
    if (!PLUGIN_NAME.test(name) || name.length > 128)
      fail(path, `"${name}" is not an activation plugin name (lower-case kebab-case)`);
    const version = expectString(obj[name], path, 100);
    if (!SEMVER.test(version)) fail(path, `version "${version}" of activation "${name}" is not a semver string such as 1.2.0`);
    out[name] = version;
  }
  return out;
}

function checkActivationPackages(value: unknown, activations: Record<string, string>): Record<string, string> {
  const obj = expectObject(value, ['activationPackages']);
  const out: Record<string, string> = {};
  for (const name of Object.keys(obj)) {
    const path = ['activationPackages', name];
    if (!Object.hasOwn(activations, name)) fail(path, `names activation "${name}", which is not in "activations"`);
    const pkg = expectString(obj[name], path, 214);
    if (!NPM_PACKAGE.test(pkg)) fail(path, `"${pkg}" is not an npm package name`);
    out[name] = pkg;
  }
  return out;
}

function checkLayers(value: unknown, limits: ResolvedModelLimits): LayerConfig[] {
  const arr = expectArray(value, ['layers']);
  if (arr.length > limits.maxLayers)
    fail(['layers'], `has ${arr.length} layers, more than the limit of ${limits.maxLayers} (maxLayers)`);
  return arr.map((item, i) => {
    const layer = expectObject(item, ['layers', i]);
    if (!Object.hasOwn(layer, 'type')) fail(['layers', i, 'type'], 'the required key "type" (the layer plugin name) is missing');
    expectString(layer.type, ['layers', i, 'type'], 128);
    return layer as LayerConfig;
  });
}

function checkOptimizerState(value: unknown, sizes: Map<string, number>): OptimizerState {
  const path = ['training', 'optimizerState'];
  const obj = expectObject(value, path);
  expectKeys(obj, path, ['step', 'slots']);
  const step = expectInteger(obj.step, [...path, 'step'], 0, Number.MAX_SAFE_INTEGER);
  const slotsIn = expectObject(obj.slots, [...path, 'slots']);
  const slots: Record<string, Record<string, number[]>> = {};
  for (const id of Object.keys(slotsIn)) {
    const idPath = [...path, 'slots', id];
    const size = sizes.get(id);
    if (size === undefined) fail(idPath, `optimizer state for "${id}", which is not a parameter in weights`);
    const perParam = expectObject(slotsIn[id], idPath);
    const out: Record<string, number[]> = {};
    for (const slot of Object.keys(perParam)) {
      const slotPath = [...idPath, slot];
      if (!SLOT_NAME.test(slot) || slot.length > 64) fail(slotPath, `"${slot}" is not an optimizer slot name`);
      const data = expectArray(perParam[slot], slotPath);
      // A slot holds one value per parameter element (moments) or a single value (a per-parameter step count).
      if (data.length !== size && data.length !== 1) {
        fail(
          slotPath,
          `optimizer slot ${slot} of ${id} needs ${size} values (the parameter's size) or 1, but has ${data.length}`,
        );
      }
      checkFloat32Data(data, slotPath, `optimizer slot ${slot} of ${id}`);
      out[slot] = data as number[];
    }
    slots[id] = out;
  }
  return { step, slots };
}

const UINT32_MAX = 0xffffffff;
const SHUFFLE_STATE_HINT =
  'it holds the four words of the shuffling generator as serializeModel writes them; remove the key to restart the shuffling from the seed';

function checkShuffleState(value: unknown): [number, number, number, number] {
  const path = ['training', 'shuffleState'];
  if (!Array.isArray(value)) fail(path, `must be an array of 4 integers, got ${typeName(value)}; ${SHUFFLE_STATE_HINT}`);
  if (value.length !== 4) fail(path, `must have 4 elements, got ${value.length}; ${SHUFFLE_STATE_HINT}`);
  for (let i = 0; i < 4; i++) {
    const w = value[i];
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > UINT32_MAX) {
      fail(
        [...path, i],
        `is ${typeof w === 'number' ? w : typeName(w)}; every word must be an integer in [0, ${UINT32_MAX}]. ${SHUFFLE_STATE_HINT}`,
      );
    }
  }
  return [value[0], value[1], value[2], value[3]];
}

function checkTraining(value: unknown, sizes: Map<string, number>): TrainingJSON {
  const path = ['training'];
  const obj = expectObject(value, path);
  expectKeys(obj, path, ['loss', 'l2', 'optimizer'], ['l1', 'optimizerState', 'shuffleState', 'clipGrad']);
  const loss = expectString(obj.loss, [...path, 'loss'], 128);
  const l2 = expectNumber(obj.l2, [...path, 'l2']);
  if (l2 < 0) fail([...path, 'l2'], `must be >= 0, got ${l2}`);
  const opt = expectObject(obj.optimizer, [...path, 'optimizer']);
  if (!Object.hasOwn(opt, 'type')) fail([...path, 'optimizer', 'type'], 'the required key "type" is missing');
  if (!Object.hasOwn(opt, 'learningRate'))
    fail([...path, 'optimizer', 'learningRate'], 'the required key "learningRate" is missing');
  expectString(opt.type, [...path, 'optimizer', 'type'], 128);
  const lr = expectNumber(opt.learningRate, [...path, 'optimizer', 'learningRate']);
  if (lr < 0) fail([...path, 'optimizer', 'learningRate'], `must be >= 0, got ${lr}`);
  let training: TrainingJSON = { loss, l2, optimizer: opt as unknown as OptimizerConfig };
  if (Object.hasOwn(obj, 'l1')) {
    const l1 = expectNumber(obj.l1, [...path, 'l1']);
    if (l1 < 0) fail([...path, 'l1'], `must be >= 0, got ${l1}`);
    training = { ...training, l1 };
  }
  if (Object.hasOwn(obj, 'optimizerState'))
    training = { ...training, optimizerState: checkOptimizerState(obj.optimizerState, sizes) };
  // Its fields are checked by resolveGradClip when the model is compiled.
  if (Object.hasOwn(obj, 'clipGrad'))
    training = { ...training, clipGrad: expectObject(obj.clipGrad, [...path, 'clipGrad']) as GradClipJSON };
  if (Object.hasOwn(obj, 'shuffleState')) training = { ...training, shuffleState: checkShuffleState(obj.shuffleState) };
  return training;
}

/**
 * Validates the structure of a model document that already passed {@link checkJsonTree}: known keys only, the right
 * types, the format tag and version, shapes within the limits, weight arrays of the declared sizes, float32 values.
 * Layer configs are checked here only for their `type`; each layer plugin's `fromConfig` validates the rest.
 */
export function validateModelDocument(value: unknown, limits: ResolvedModelLimits): ModelJSON {
  const doc = expectObject(value, []);
  // The format tag first, so a foreign document gets the most useful message.
  if (!Object.hasOwn(doc, 'format'))
    fail(['format'], `the required key "format" is missing; this is not a Rectify model (expected format "${MODEL_FORMAT}")`);
  if (doc.format !== MODEL_FORMAT) fail(['format'], `unknown format ${JSON.stringify(doc.format)}; expected "${MODEL_FORMAT}"`);
  if (!Object.hasOwn(doc, 'formatVersion')) fail(['formatVersion'], 'the required key "formatVersion" is missing');
  if (doc.formatVersion !== MODEL_FORMAT_VERSION) {
    fail(
      ['formatVersion'],
      `unsupported formatVersion ${JSON.stringify(doc.formatVersion)}; this @rectify/core reads version ${MODEL_FORMAT_VERSION}. A newer version needs a newer @rectify/core`,
    );
  }
  expectKeys(
    doc,
    [],
    ['format', 'formatVersion', 'inputShape', 'seed', 'layers', 'activations', 'weights'],
    ['training', 'activationPackages', 'state'],
  );
  const { shape: inputShape } = checkShape(doc.inputShape, ['inputShape'], limits.maxTensorElements, 'inputShape', 1);
  if (inputShape.length === 0) fail(['inputShape'], 'must have at least one dimension');
  const seed = expectInteger(doc.seed, ['seed'], 0, 2 ** 32 - 1);
  const layers = checkLayers(doc.layers, limits);
  const activations = checkActivations(doc.activations);
  const { weights, sizes } = checkWeights(doc.weights, limits);
  const base = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    inputShape,
    seed,
    layers,
    activations,
    weights,
    ...(Object.hasOwn(doc, 'state') ? { state: checkWeights(doc.state, limits, 'state').weights } : {}),
  } as const;
  const packages = Object.hasOwn(doc, 'activationPackages')
    ? { activationPackages: checkActivationPackages(doc.activationPackages, activations) }
    : {};
  const withPackages = { ...base, ...packages };
  return Object.hasOwn(doc, 'training') ? { ...withPackages, training: checkTraining(doc.training, sizes) } : withPackages;
}
