import {
  type ActivationPlugin,
  type ConfiguredActivation,
  type Initializer,
  type InitializerConfig,
  LAYER_API_VERSION,
  type Layer,
  type LayerConfig,
  type LayerDefinition,
  type ParamSpec,
  type Registry,
  ShapeError,
  ValidationError,
  glorotUniform,
  isActivationPlugin,
  zeroInit,
} from '@rectify/core';
import { orthogonalInit } from '../initializers/orthogonal';
import { recurrentInitializerFromConfig } from '../initializers/from-config';

/** Options of `simpleRNN`. */
export interface SimpleRnnOptions {
  /** `f` in `h_t = f(x_t·W_ih + h_{t−1}·W_hh + b)`: a plugin, a configured plugin or a registered name. Default tanh. */
  readonly activation?: ActivationPlugin | ConfiguredActivation | string;
  /** Output the whole sequence `[T, units]` instead of the last state `[units]`. Default false. */
  readonly returnSequences?: boolean;
  /** Fills `W_ih` (`kernel`, `[features, units]`). Default `glorotUniform()`. */
  readonly kernelInitializer?: Initializer;
  /** Fills `W_hh` (`recurrentKernel`, `[units, units]`). Default `orthogonalInit()`; IRNN uses `identityInit()`. */
  readonly recurrentInitializer?: Initializer;
  /** Fills `b` (`bias`, `[units]`). Default `zeroInit()`. */
  readonly biasInitializer?: Initializer;
}

/** The validated settings of a SimpleRNN layer. */
export interface SimpleRnnSettings {
  /** Hidden units, a positive integer. */
  readonly units: number;
  /** The activation plugin, or until build the registry name it is looked up by. */
  readonly activation: ActivationPlugin | string;
  /** Its resolved hyper-parameters (as given while `activation` is a name). */
  readonly hyper: Readonly<Record<string, number>>;
  /** Whether the output is every state or the last. */
  readonly returnSequences: boolean;
  /** Fills `kernel`. */
  readonly kernelInitializer: Initializer;
  /** Fills `recurrentKernel`. */
  readonly recurrentInitializer: Initializer;
  /** Fills `bias`. */
  readonly biasInitializer: Initializer;
}

/** A SimpleRNN layer: params `kernel` `[features, units]`, `recurrentKernel` `[units, units]`, `bias` `[units]`. */
export type SimpleRnn = Layer<SimpleRnnSettings>;

/** JSON form of a SimpleRNN layer. */
export interface SimpleRnnConfig extends LayerConfig {
  /** The layer plugin type. */
  readonly type: 'simple-rnn';
  /** Hidden units. */
  readonly units: number;
  /** The activation's registry name, version when saved, and hyper-parameters. */
  readonly activation: SimpleRnnActivationConfig;
  /** Whether the whole sequence is the output. */
  readonly returnSequences: boolean;
  /** `kernel`'s initializer. */
  readonly kernelInitializer: InitializerConfig;
  /** `recurrentKernel`'s initializer. */
  readonly recurrentInitializer: InitializerConfig;
  /** `bias`'s initializer. */
  readonly biasInitializer: InitializerConfig;
}

/** The activation of a {@link SimpleRnnConfig}. */
export interface SimpleRnnActivationConfig {
  /** The activation plugin's registry name, e.g. `relu`. */
  readonly name: string;
  /** The plugin's version when saved; absent for a layer created from a name and never built. */
  readonly version?: string;
  /** Its resolved hyper-parameters. */
  readonly hyper: Readonly<Record<string, number>>;
}

const CONFIG_KEYS = [
  'type',
  'units',
  'activation',
  'returnSequences',
  'kernelInitializer',
  'recurrentInitializer',
  'biasInitializer',
] as const;

function fail(field: string, problem: string): never {
  throw new ValidationError(`simple-rnn: ${field} ${problem}`);
}

function activationName(s: SimpleRnnSettings): string {
  return typeof s.activation === 'string' ? s.activation : s.activation.name;
}

/**
 * The hyper-parameters a config keeps: those that differ from the plugin's defaults (loading fills defaults back in),
 * so a default JSON cannot hold, such as ReLU's cap of Infinity, is saved as core saves an activation layer's.
 */
function savedHyper(plugin: ActivationPlugin, hyper: Readonly<Record<string, number>>): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [k, v] of Object.entries(hyper)) {
    if (!(Object.hasOwn(plugin.params, k) && Object.is(plugin.params[k as keyof typeof plugin.params].default, v))) kept[k] = v;
  }
  return kept;
}

/** Settings from the factory's arguments, defaults filled in (checked by the definition's `validate`). */
export function simpleRnnSettings(units: number, options: SimpleRnnOptions = {}): SimpleRnnSettings {
  const a = options.activation ?? 'tanh';
  let activation: ActivationPlugin | string;
  let hyper: Readonly<Record<string, number>>;
  if (typeof a === 'string') {
    activation = a;
    hyper = {};
  } else if (isActivationPlugin(a)) {
    activation = a;
    hyper = a.resolve(undefined);
  } else if (typeof a === 'object' && a !== null && (a as ConfiguredActivation).kind === 'configured-activation') {
    activation = (a as ConfiguredActivation).plugin;
    hyper = (a as ConfiguredActivation).hyper;
  } else {
    fail(
      'activation',
      'must be an activation plugin (relu), a configured one (leakyRelu({ negativeSlope: 0.1 })) or a name ("tanh")',
    );
  }
  return {
    units,
    activation,
    hyper,
    returnSequences: options.returnSequences ?? false,
    kernelInitializer: options.kernelInitializer ?? glorotUniform(),
    recurrentInitializer: options.recurrentInitializer ?? orthogonalInit(),
    biasInitializer: options.biasInitializer ?? zeroInit(),
  };
}

function checkPlugin(plugin: ActivationPlugin): void {
  if (Object.keys(plugin.learnable).length > 0) {
    throw new ValidationError(
      `simple-rnn: activation ${plugin.name} has learnable parameters, which a recurrent cell does not support yet; use one without (relu, tanh, leaky-relu, elu)`,
    );
  }
}

function initializerField(field: string, value: unknown): Initializer | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an initializer config object');
  try {
    return recurrentInitializerFromConfig(value as InitializerConfig);
  } catch (e) {
    fail(field, `is invalid: ${(e as Error).message}`);
  }
}

/** Everything of the `simple-rnn` layer plugin but its executors. Draws `kernel`, then `recurrentKernel`, then `bias`. */
export const simpleRnnDefinition = {
  type: 'simple-rnn',
  apiVersion: LAYER_API_VERSION,
  version: '0.1.0',
  validate(s: SimpleRnnSettings): SimpleRnnSettings {
    if (!Number.isInteger(s.units) || s.units < 1) fail('units', `must be a positive integer, got ${String(s.units)}`);
    if (typeof s.returnSequences !== 'boolean') fail('returnSequences', 'must be true or false');
    if (typeof s.activation !== 'string') checkPlugin(s.activation);
    return Object.freeze({ ...s, hyper: Object.freeze({ ...s.hyper }) });
  },
  parseConfig(config: LayerConfig, registry: Registry): SimpleRnnSettings {
    for (const key of Object.keys(config)) {
      if (!(CONFIG_KEYS as readonly string[]).includes(key)) fail(key, `is not a known field; known: ${CONFIG_KEYS.join(', ')}`);
    }
    const units = config.units;
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 1) fail('units', 'must be a positive integer');
    const a = config.activation as SimpleRnnConfig['activation'] | undefined;
    if (typeof a !== 'object' || a === null || typeof a.name !== 'string') {
      fail('activation', 'must be { name, hyper } with a registered activation name such as "tanh"');
    }
    const hyper = a.hyper ?? {};
    if (typeof hyper !== 'object' || hyper === null || Object.values(hyper).some((v) => typeof v !== 'number')) {
      fail('activation.hyper', 'must map names to numbers');
    }
    const plugin = registry.activation(a.name);
    if (config.returnSequences !== undefined && typeof config.returnSequences !== 'boolean') {
      fail('returnSequences', 'must be true or false');
    }
    return {
      ...simpleRnnSettings(units, {
        returnSequences: config.returnSequences as boolean | undefined,
        kernelInitializer: initializerField('kernelInitializer', config.kernelInitializer),
        recurrentInitializer: initializerField('recurrentInitializer', config.recurrentInitializer),
        biasInitializer: initializerField('biasInitializer', config.biasInitializer),
      }),
      activation: plugin,
      hyper: plugin.resolve(hyper),
    };
  },
  toConfig(s: SimpleRnnSettings): SimpleRnnConfig {
    const a = s.activation;
    return {
      type: 'simple-rnn',
      units: s.units,
      activation:
        typeof a === 'string'
          ? { name: a, hyper: { ...s.hyper } }
          : { name: a.name, version: a.version, hyper: savedHyper(a, s.hyper) },
      returnSequences: s.returnSequences,
      kernelInitializer: s.kernelInitializer.config(),
      recurrentInitializer: s.recurrentInitializer.config(),
      biasInitializer: s.biasInitializer.config(),
    };
  },
  resolve(s: SimpleRnnSettings, ctx): SimpleRnnSettings {
    if (typeof s.activation !== 'string') return s;
    const plugin = ctx.registry.activation(s.activation);
    checkPlugin(plugin);
    return Object.freeze({ ...s, activation: plugin, hyper: Object.freeze(plugin.resolve(s.hyper)) });
  },
  outputShape(s: SimpleRnnSettings, { input }): readonly number[] {
    if (input.length !== 2 || !input.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ShapeError(
        `simple-rnn(${s.units}, ${activationName(s)}): input shape [${input.join(', ')}] is not supported; it takes [steps, features] per sample (the batch is [batch, steps, features])`,
      );
    }
    return s.returnSequences ? [input[0], s.units] : [s.units];
  },
  params(s: SimpleRnnSettings, { input }): readonly ParamSpec[] {
    const features = input[1];
    const h = s.units;
    return [
      { name: 'kernel', shape: [features, h], decay: true, initializer: s.kernelInitializer, fanIn: features, fanOut: h },
      { name: 'recurrentKernel', shape: [h, h], decay: true, initializer: s.recurrentInitializer, fanIn: h, fanOut: h },
      { name: 'bias', shape: [h], decay: false, initializer: s.biasInitializer, fanIn: h, fanOut: h },
    ];
  },
} satisfies Omit<LayerDefinition<SimpleRnnSettings>, 'cpu'>;
