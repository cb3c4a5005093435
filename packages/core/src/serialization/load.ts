import { gradClipFromJSON, gradClipOptions, resolveGradClip } from '../clipping/resolve';
import type { Backend } from '../backend/contract';
import { defaultRegistry } from '../defaults';
import { ModelFormatError, RectifyError } from '../errors';
import { activationPluginOf } from '../layers/activation-layer';
import type { Layer } from '../layers/contract';
import { walkLayers } from '../layers/walk';
import { lossFromName } from '../losses/from-name';
import type { LossName } from '../losses/contract';
import { type Sequential, sequential } from '../model/sequential';
import { optimizerFromConfig } from '../optimizers/from-config';
import type { Registry } from '../registry';
import { quoteName } from '../quote-name';
import type { ModelJSON, WeightJSON } from './format';
import { type ModelLimits, resolveModelLimits } from './limits';
import { parseModelJSON } from './parse';
import { precheckSizes } from './precheck-sizes';
import { majorVersion } from './schema';
import { fail, type Path } from './schema-helpers';

/** Options of {@link loadModel}. */
export interface LoadModelOptions extends ModelLimits {
  /** Where layer and activation plugins are looked up by name. Default {@link defaultRegistry}. */
  readonly registry?: Registry;
  /** Compile the model with the saved loss, optimizer and optimizer state when the document has them. Default true. */
  readonly compile?: boolean;
  /** The backend to compile for. Default: the CPU backend. */
  readonly backend?: Backend;
}

/** Runs `fn`, turning a RectifyError it throws into a ModelFormatError at `path`. */
function at<T>(path: Path, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    if (e instanceof RectifyError) fail(path, e.message);
    throw e;
  }
}

function checkActivationPlugins(doc: ModelJSON, registry: Registry): void {
  for (const [name, saved] of Object.entries(doc.activations)) {
    const path = ['activations', name];
    if (!registry.hasActivation(name)) {
      const known = registry.listActivations().map((p) => p.name);
      const pkg = doc.activationPackages?.[name];
      const install = pkg
        ? `Install its package (npm i ${pkg})`
        : 'Install the package that provides it (the model does not record which)';
      fail(
        path,
        `the model uses the activation plugin "${name}" (version ${saved}), which is not registered; registered: ${known.join(', ') || 'none'}. ${install} and call registry.registerActivation(...) before loading`,
      );
    }
    const plugin = registry.activation(name);
    if (majorVersion(saved) > majorVersion(plugin.version)) {
      fail(
        path,
        `the model was saved with activation "${name}" version ${saved}, newer than the registered version ${plugin.version} (major ${majorVersion(saved)} > ${majorVersion(plugin.version)}); upgrade the plugin package`,
      );
    }
  }
}

function buildLayers(doc: ModelJSON, registry: Registry): Layer[] {
  return doc.layers.map((config, i) => {
    if (!registry.listLayers().some((p) => p.type === config.type)) {
      const known = registry.listLayers().map((p) => p.type);
      fail(
        ['layers', i, 'type'],
        `unknown layer type ${quoteName(config.type)}; registered: ${known.join(', ') || 'none'}. Install its package and call registry.registerLayer(...) before loading`,
      );
    }
    return at(['layers', i], () => registry.layer(config.type).fromConfig(config, registry));
  });
}

/** Every activation the built model uses must be declared in `activations`, and every declared one used. */
function checkDeclaredActivations(model: Sequential, doc: ModelJSON): void {
  const used = new Set<string>();
  walkLayers(model.layers, (layer, path) => {
    const plugin = activationPluginOf(layer);
    if (!plugin) return;
    used.add(plugin.name);
    if (!Object.hasOwn(doc.activations, plugin.name)) {
      fail(
        ['activations'],
        `layer ${path} uses the activation "${plugin.name}", which the document does not list in activations`,
      );
    }
  });
  for (const name of Object.keys(doc.activations)) {
    if (!used.has(name)) fail(['activations', name], `lists the activation "${name}", which no layer uses; remove it`);
  }
}

interface ArrayRef {
  readonly id: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
}

/** Copies a document section (`weights` or `state`) into the model's arrays; every id must match exactly. */
function copyArrays(refs: readonly ArrayRef[], section: Readonly<Record<string, WeightJSON>>, key: string, what: string): void {
  const ids = new Set(refs.map((r) => r.id));
  for (const id of Object.keys(section)) {
    if (!ids.has(id)) {
      fail(
        [key, id],
        `extra ${key}: "${id}" is not a ${what} of the model the layers describe (its ${what}s: ${[...ids].join(', ') || 'none'})`,
      );
    }
  }
  for (const { id, shape, value } of refs) {
    const w = section[id];
    if (!w) fail([key, id], `missing ${key} for ${what} "${id}" (shape [${shape.join(', ')}]); the document is incomplete`);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      fail(
        [key, id, 'shape'],
        `${what} ${id} has shape [${shape.join(', ')}] in the model but [${w.shape.join(', ')}] in the document`,
      );
    }
    const data = w.data;
    for (let i = 0; i < data.length; i++) value[i] = data[i];
  }
}

function copyWeights(model: Sequential, doc: ModelJSON): void {
  const refs = model.paramRefs().map(({ id, param }) => ({ id, shape: param.shape, value: param.value }));
  copyArrays(refs, doc.weights, 'weights', 'parameter');
  const state: ArrayRef[] = [];
  walkLayers(model.layers, (layer, path) => {
    for (const b of layer.state()) state.push({ id: `${path}.${b.name}`, shape: b.shape, value: b.value });
  });
  copyArrays(state, doc.state ?? {}, 'state', 'state buffer');
}

function compileFromDocument(model: Sequential, doc: ModelJSON, backend: Backend | undefined): void {
  const training = doc.training;
  if (!training) return;
  const loss = at(['training', 'loss'], () => lossFromName(training.loss as LossName));
  const optimizer = at(['training', 'optimizer'], () => optimizerFromConfig(training.optimizer));
  const state = training.optimizerState;
  if (state) at(['training', 'optimizerState'], () => optimizer.setState(state, model.paramRefs()));
  const clip = training.clipGrad;
  const clipGrad = clip ? at(['training', 'clipGrad'], () => resolveGradClip(gradClipFromJSON(clip))) : null;
  at(['training'], () =>
    model.compile({
      loss,
      optimizer,
      l2: training.l2,
      l1: training.l1 ?? 0,
      backend,
      ...(clipGrad ? { clipGrad: gradClipOptions(clipGrad) } : {}),
    }),
  );
}

/**
 * Loads a model saved by {@link serializeModel} / {@link modelToJSON}. The document is untrusted: everything is
 * validated ({@link parseModelJSON}) before anything is built, plugins are looked up by name in `registry` and nothing
 * in the data is executed. When the document has training data and `compile` is not false, the model comes back
 * compiled with the saved loss, optimizer and optimizer state, and (compiled or not) its shuffling stream continues
 * from the saved `shuffleState`, so `fit` continues bit for bit as if training had never stopped.
 * Throws a {@link ModelFormatError} whose `path` is a JSON pointer to the problem.
 *
 * @example
 * const model = loadModel(await readFile('model.json', 'utf8'), { registry });
 */
export function loadModel(json: string | unknown, options: LoadModelOptions = {}): Sequential {
  const registry = options.registry ?? defaultRegistry;
  const limits = resolveModelLimits(options);
  const doc = parseModelJSON(json, limits);
  checkActivationPlugins(doc, registry);
  precheckSizes(doc, limits, registry);
  const layers = buildLayers(doc, registry);
  const model = at(['layers'], () =>
    sequential({ inputShape: doc.inputShape, layers, seed: doc.seed, registry, maxParameters: limits.maxParameters }),
  );
  checkDeclaredActivations(model, doc);
  copyWeights(model, doc);
  const shuffleState = doc.training?.shuffleState;
  if (shuffleState) {
    at(['training', 'shuffleState'], () => model.setShuffleState({ words: shuffleState, spareNormal: null }));
  }
  if (options.compile !== false) compileFromDocument(model, doc, options.backend);
  return model;
}
