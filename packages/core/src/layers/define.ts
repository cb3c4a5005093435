import { PluginError } from '../errors';
import type { Registry } from '../registry';
import { LAYER_API_VERSION, type LayerConfig, type LayerDefinition, type LayerPlugin } from './contract';
import { PluginLayer } from './plugin-layer';

const TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const REQUIRED_FUNCTIONS = ['validate', 'parseConfig', 'toConfig', 'outputShape'] as const;
const OPTIONAL_FUNCTIONS = ['resolve', 'children', 'params', 'state'] as const;

function fail(type: string, part: string, problem: string): never {
  throw new PluginError(`layer plugin "${type}": ${part} ${problem}`);
}

function checkDefinition<S>(def: LayerDefinition<S>): void {
  if (typeof def !== 'object' || def === null) throw new PluginError('layer plugin: the definition must be an object');
  const type = typeof def.type === 'string' ? def.type : '<untyped>';
  if (!TYPE_PATTERN.test(type)) fail(type, 'type', 'must be lower-case kebab-case such as "batch-norm"');
  if (def.apiVersion !== LAYER_API_VERSION) {
    fail(
      type,
      'apiVersion',
      `is ${String(def.apiVersion)} but this @rectify/core implements layer contract ${LAYER_API_VERSION}; update the plugin`,
    );
  }
  if (typeof def.version !== 'string' || def.version === '') fail(type, 'version', 'must be a version string such as "1.0.0"');
  for (const key of REQUIRED_FUNCTIONS) if (typeof def[key] !== 'function') fail(type, key, 'must be a function');
  for (const key of OPTIONAL_FUNCTIONS) {
    if (def[key] !== undefined && typeof def[key] !== 'function') fail(type, key, 'must be a function or omitted');
  }
  if (typeof def.cpu?.createRunner !== 'function') {
    fail(type, 'cpu.createRunner', 'must be a function: every layer needs a CPU executor (the reference and the fallback)');
  }
  if (def.gpu !== undefined && typeof def.gpu.plan !== 'function') fail(type, 'gpu.plan', 'must be a function or gpu omitted');
  if (def.onnx?.export !== undefined && typeof def.onnx.export !== 'function') fail(type, 'onnx.export', 'must be a function');
  const imp = def.onnx?.import;
  if (imp !== undefined && (!Array.isArray(imp.opTypes) || typeof imp.match !== 'function')) {
    fail(type, 'onnx.import', 'must have opTypes (an array of operator types) and a match(node, graph) function');
  }
  const caps = def.capabilities ?? {};
  for (const [key, value] of Object.entries(caps)) {
    if (key !== 'rowEpilogue' && key !== 'elementwise')
      fail(type, `capabilities.${key}`, 'is unknown; known: rowEpilogue, elementwise');
    if (typeof value !== 'boolean') fail(type, `capabilities.${key}`, 'must be true or false');
  }
  if (def.trainingDiffers !== undefined && typeof def.trainingDiffers !== 'boolean') {
    fail(type, 'trainingDiffers', 'must be true, false or omitted');
  }
}

/**
 * Validates a layer plugin definition and returns the plugin: `plugin.create(settings)` makes an unbuilt layer,
 * `plugin.fromConfig(json, registry)` rebuilds one from model JSON. Register it with `registry.registerLayer`.
 * @throws PluginError naming the part of the definition that is wrong.
 */
export function defineLayer<S>(definition: LayerDefinition<S>): LayerPlugin<S> {
  checkDefinition(definition);
  const plugin: LayerPlugin<S> = Object.freeze({
    ...definition,
    kind: 'layer-plugin' as const,
    create(settings: S) {
      return new PluginLayer(plugin, definition.validate(settings));
    },
    fromConfig(config: LayerConfig, registry: Registry) {
      return new PluginLayer(plugin, definition.validate(definition.parseConfig(config, registry)));
    },
  });
  return plugin;
}

/** Whether `value` is a layer plugin made by {@link defineLayer}. */
export function isLayerPlugin(value: unknown): value is LayerPlugin {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'layer-plugin';
}
