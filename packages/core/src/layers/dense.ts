import { ShapeError, ValidationError } from '../errors';
import { glorotUniform, initializerFromConfig, zeroInit } from '../initializers';
import type { Initializer, InitializerConfig } from '../initializers/contract';
import { checkConfigShape, configError, objectField, optionalBoolean, positiveInt } from './config-fields';
import { denseOnnxImport } from './dense-onnx-import';
import { LAYER_API_VERSION, type Layer, type LayerConfig, type LayerDefinition, type ParamSpec } from './contract';

/** Options of `dense`. */
export interface DenseOptions {
  /** Add a learnable bias per unit. Default true. */
  readonly useBias?: boolean;
  /** How the kernel is filled at build. Default `glorotUniform()`. */
  readonly kernelInitializer?: Initializer;
  /** How the bias is filled at build. Default `zeroInit()`. */
  readonly biasInitializer?: Initializer;
}

/** The validated settings of a dense layer. */
export interface DenseSettings {
  /** Output features per sample, a positive integer. */
  readonly units: number;
  /** Whether `y` adds a learnable bias. */
  readonly useBias: boolean;
  /** Fills the kernel at build. */
  readonly kernelInitializer: Initializer;
  /** Fills the bias at build (unused without bias). */
  readonly biasInitializer: Initializer;
}

/** JSON form of a dense layer. */
export interface DenseConfig extends LayerConfig {
  /** The layer plugin type. */
  readonly type: 'dense';
  /** Output features per sample, a positive integer. */
  readonly units: number;
  /** Whether the layer has a bias. */
  readonly useBias: boolean;
  /** The kernel initializer's config. */
  readonly kernelInitializer: InitializerConfig;
  /** The bias initializer's config (kept even without bias). */
  readonly biasInitializer: InitializerConfig;
}

/** A built dense layer: `y = x·W + b`, kernel `W` (`kernel`, `[inputs, units]`) and optional `bias` (`[units]`). */
export type Dense = Layer<DenseSettings>;

/** Settings from the factory's arguments, defaults filled in (validated by the definition). */
export function denseSettings(units: number, options: DenseOptions = {}): DenseSettings {
  return {
    units,
    useBias: options.useBias ?? true,
    kernelInitializer: options.kernelInitializer ?? glorotUniform(),
    biasInitializer: options.biasInitializer ?? zeroInit(),
  };
}

function initializerField(field: string, value: unknown): Initializer | undefined {
  if (value === undefined) return undefined;
  const config = objectField('dense', field, value);
  try {
    return initializerFromConfig(config as unknown as InitializerConfig);
  } catch (e) {
    configError('dense', field, `is invalid: ${(e as Error).message}`);
  }
}

/**
 * Everything of the `dense` layer plugin but its executors: settings, shapes and parameters. A dense layer takes
 * `[batch, inputs]`; its kernel is drawn first, then its bias.
 */
export const denseDefinition = {
  type: 'dense',
  apiVersion: LAYER_API_VERSION,
  version: '2.0.0',
  capabilities: { rowEpilogue: true },
  validate(settings: DenseSettings): DenseSettings {
    const { units, useBias } = settings;
    if (!Number.isInteger(units) || units < 1) throw new ValidationError(`dense: units must be a positive integer, got ${units}`);
    if (typeof useBias !== 'boolean') throw new ValidationError(`dense(${units}): useBias must be true or false`);
    return Object.freeze({ ...settings });
  },
  parseConfig(config: LayerConfig): DenseSettings {
    checkConfigShape(config, 'dense', ['units', 'useBias', 'kernelInitializer', 'biasInitializer']);
    return denseSettings(positiveInt('dense', 'units', config.units), {
      useBias: optionalBoolean('dense', 'useBias', config.useBias, true),
      kernelInitializer: initializerField('kernelInitializer', config.kernelInitializer),
      biasInitializer: initializerField('biasInitializer', config.biasInitializer),
    });
  },
  toConfig(s: DenseSettings): DenseConfig {
    return {
      type: 'dense',
      units: s.units,
      useBias: s.useBias,
      kernelInitializer: s.kernelInitializer.config(),
      biasInitializer: s.biasInitializer.config(),
    };
  },
  outputShape(s: DenseSettings, { input }): readonly number[] {
    if (input.length !== 1 || !Number.isInteger(input[0]) || input[0] < 1) {
      throw new ShapeError(
        `dense(${s.units}): input shape [${input.join(', ')}] is not supported; a dense layer takes [features] per sample (the batch is [batch, features])`,
      );
    }
    return [s.units];
  },
  params(s: DenseSettings, { input }): readonly ParamSpec[] {
    const inputs = input[0];
    const kernel = { name: 'kernel', shape: [inputs, s.units], decay: true, initializer: s.kernelInitializer };
    const fans = { fanIn: inputs, fanOut: s.units };
    if (!s.useBias) return [{ ...kernel, ...fans }];
    return [
      { ...kernel, ...fans },
      { name: 'bias', shape: [s.units], decay: false, initializer: s.biasInitializer, ...fans },
    ];
  },
  onnx: {
    /** One `Gemm` (opset 13): `x·W + b`. */
    export(layer, input, ctx) {
      const inputs = [input];
      for (const p of layer.params()) inputs.push(ctx.initializer(p.name, p.shape, p.value));
      return ctx.node({ opType: 'Gemm', sinceVersion: 13, inputs })[0];
    },
    import: denseOnnxImport,
  },
} satisfies Omit<LayerDefinition<DenseSettings>, 'cpu'>;
