import type { ActivationPlugin, ConfiguredActivation, HyperParams } from '../activation/contract';
import { isActivationPlugin } from '../activation/define';
import { ShapeError, ValidationError } from '../errors';
import { constantInit } from '../initializers';
import type { Registry } from '../registry';
import { checkConfigShape, configError, objectField } from './config-fields';
import { LAYER_API_VERSION, type Layer, type LayerConfig, type LayerDefinition, type ParamSpec } from './contract';

/**
 * The settings of an activation layer: the plugin and its resolved hyper-parameters, or (until build) a name to
 * look up in the model's registry and the hyper-parameters given with it.
 */
export interface ActivationSettings {
  /** The plugin, or the registry name it is looked up by at build. */
  readonly activation: ActivationPlugin | string;
  /** Resolved hyper-parameters once `activation` is a plugin; as given while it is a name. */
  readonly hyper: Readonly<Record<string, number>>;
}

/** JSON form of an activation layer. `version` is the plugin's version when the layer was saved. */
export interface ActivationLayerConfig extends LayerConfig {
  /** The layer plugin type. */
  readonly type: 'activation';
  /** Which activation plugin, looked up by name in the registry when loading. */
  readonly activation: {
    /** The plugin's registry name. */
    readonly name: string;
    /** The plugin's version when saved; absent for a layer created from a name and never built. */
    readonly version?: string;
    /** Resolved hyper-parameters; as given for a layer created from a name and not yet built. */
    readonly hyper: Readonly<Record<string, number>>;
  };
}

/**
 * A layer applying an activation plugin element-wise. Learnable parameters of the plugin (PReLU's slope) become
 * its `Param`s, named by their key, with `decay: false`.
 */
export type ActivationLayer = Layer<ActivationSettings>;

/** The activation a built activation layer applies. */
export interface AppliedActivation {
  /** The plugin. */
  readonly plugin: ActivationPlugin;
  /** Its resolved hyper-parameters. */
  readonly hyper: HyperParams;
}

/** The plugin and hyper-parameters of a built activation layer; throws when it is not built. */
export function activationOf(layer: ActivationLayer): AppliedActivation {
  const { activation, hyper } = layer.settings;
  if (typeof activation === 'string') {
    throw new ValidationError(`activation(${activation}): the layer is not built yet; put it in a model first`, 'NOT_BUILT');
  }
  return { plugin: activation, hyper };
}

/** Settings from the factory's arguments: a plugin, a configured plugin or a registered name. */
export function activationSettings(
  spec: ActivationPlugin | ConfiguredActivation | string,
  hyper?: Readonly<Record<string, number>>,
): ActivationSettings {
  if (typeof spec === 'string') return { activation: spec, hyper: { ...(hyper ?? {}) } };
  if (isActivationPlugin(spec)) return { activation: spec, hyper: spec.resolve(hyper) };
  if (typeof spec === 'object' && spec !== null && spec.kind === 'configured-activation') {
    if (hyper !== undefined) {
      throw new ValidationError(
        `activation(${spec.plugin.name}): hyper-parameters were given twice; pass them either to the plugin, ${spec.plugin.name}({...}), or to activation(plugin, {...})`,
      );
    }
    return { activation: spec.plugin, hyper: spec.hyper };
  }
  throw new ValidationError(
    'activation: expected an activation plugin (relu), a configured one (leakyRelu({ negativeSlope: 0.1 })) or a registered name ("tanh")',
  );
}

function name(s: ActivationSettings): string {
  return typeof s.activation === 'string' ? s.activation : s.activation.name;
}

/** Everything of the `activation` layer plugin but its executors. */
export const activationDefinition = {
  type: 'activation',
  apiVersion: LAYER_API_VERSION,
  version: '2.0.0',
  capabilities: { elementwise: true },
  validate(settings: ActivationSettings): ActivationSettings {
    return Object.freeze({ activation: settings.activation, hyper: Object.freeze({ ...settings.hyper }) });
  },
  parseConfig(config: LayerConfig, registry: Registry): ActivationSettings {
    checkConfigShape(config, 'activation', ['activation']);
    const spec = objectField('activation', 'activation', config.activation);
    for (const key of Object.keys(spec)) {
      if (key !== 'name' && key !== 'version' && key !== 'hyper')
        configError('activation', `activation.${key}`, 'is not a known field; known: name, version, hyper');
    }
    if (typeof spec.name !== 'string' || spec.name === '')
      configError('activation', 'activation.name', 'must be a non-empty string such as "relu"');
    if (spec.version !== undefined && typeof spec.version !== 'string')
      configError('activation', 'activation.version', 'must be a version string');
    const hyper = spec.hyper === undefined ? {} : objectField('activation', 'activation.hyper', spec.hyper);
    for (const [key, value] of Object.entries(hyper)) {
      if (typeof value !== 'number')
        configError('activation', `activation.hyper.${key}`, `must be a number, got ${JSON.stringify(value)}`);
    }
    return activationSettings(registry.activation(spec.name), hyper as Record<string, number>);
  },
  toConfig(s: ActivationSettings): ActivationLayerConfig {
    const a = s.activation;
    if (typeof a === 'string') return { type: 'activation', activation: { name: a, hyper: { ...s.hyper } } };
    return { type: 'activation', activation: { name: a.name, version: a.version, hyper: { ...s.hyper } } };
  },
  resolve(s: ActivationSettings, ctx): ActivationSettings {
    if (typeof s.activation !== 'string') return s;
    const plugin = ctx.registry.activation(s.activation);
    return Object.freeze({ activation: plugin, hyper: plugin.resolve(s.hyper) });
  },
  outputShape(s: ActivationSettings, { input }): readonly number[] {
    if (input.length < 1)
      throw new ShapeError(`activation(${name(s)}): input shape [] is not supported; give at least one dimension`);
    return input;
  },
  params(s: ActivationSettings, { input }): readonly ParamSpec[] {
    const plugin = s.activation as ActivationPlugin;
    const hyper = s.hyper;
    const channels = input[0];
    return Object.entries(plugin.learnable).map(([key, spec]) => {
      const size = spec.size(hyper);
      if (size !== 1 && size !== channels) {
        const hyperKey = Object.keys(hyper).find((k) => hyper[k] === size);
        const what = hyperKey ? `${hyperKey} is ${size}` : `learnable "${key}" has ${size} values`;
        throw new ValidationError(
          `${plugin.name}: ${what} but the layer has ${channels} channels; use 1 (shared) or ${channels}`,
        );
      }
      return { name: key, shape: [size], decay: false, initializer: constantInit(spec.init(hyper)), fanIn: size, fanOut: size };
    });
  },
  onnx: {
    /** Whatever the activation plugin's own ONNX hook emits. */
    export: (layer, input, ctx) => ctx.activation(layer, input),
  },
} satisfies Omit<LayerDefinition<ActivationSettings>, 'cpu'>;

/**
 * The activation plugin a built layer applies, found in its settings (`settings.activation`), or null. Serializer
 * and diagnostics use it, so any layer plugin whose settings hold an activation is treated alike.
 */
export function activationPluginOf(layer: Layer): ActivationPlugin | null {
  const settings = layer.settings as { readonly activation?: unknown } | null;
  const a = typeof settings === 'object' && settings !== null ? settings.activation : undefined;
  return isActivationPlugin(a) ? a : null;
}
