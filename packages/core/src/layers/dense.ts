import { matmul, matmulTransA, matmulTransB } from '../backend/cpu/matmul';
import { ShapeError, ValidationError } from '../errors';
import { glorotUniform, initializerFromConfig, zeroInit } from '../initializers';
import type { Initializer, InitializerConfig } from '../initializers/contract';
import type { Registry } from '../registry';
import type { Tensor } from '../tensor';
import { checkBatchInput, checkBuilt } from './check-input';
import { checkConfigShape, configError, objectField, optionalBoolean, positiveInt } from './config-fields';
import { type BuildContext, LAYER_API_VERSION, type Layer, type LayerConfig, type LayerPlugin, type Param } from './contract';
import { createParam } from './param';
import { ReusableTensor } from './reusable-tensor';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Add a learnable bias per unit. Default true. */
  readonly useBias?: boolean;
  /** How the kernel is filled at build. Default `glorotUniform()`. */
  readonly kernelInitializer?: Initializer;
  /** How the bias is filled at build. Default `zeroInit()`. */
  readonly biasInitializer?: Initializer;
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

/**
 * A fully connected layer: `y = x·W + b` with kernel `W` of shape `[inputs, units]`. Its input is `[batch, inputs]`.
 * Create it with {@link dense}.
 */
export class Dense implements Layer {
  readonly type = 'dense';
  /** Output features per sample. */
  readonly units: number;
  /** Whether `y` adds a learnable bias. */
  readonly useBias: boolean;
  /** Fills the kernel at build. */
  readonly kernelInitializer: Initializer;
  /** Fills the bias at build (unused without bias). */
  readonly biasInitializer: Initializer;
  inputShape: readonly number[] = [];
  outputShape: readonly number[] = [];
  /** The kernel `[inputs, units]`; set by `build`. */
  kernel!: Param;
  /** The bias `[units]`, or null without bias; set by `build`. */
  bias: Param | null = null;
  /** Names the layer in error messages; built once so the hot path does not format strings. */
  private readonly label: string;
  private inputs = 0;
  private built = false;
  private out!: ReusableTensor;
  private dxBuf!: ReusableTensor;
  private lastX: Tensor | null = null;

  /**
   * An unbuilt layer; `build` allocates and fills the parameters.
   * @param units - Output features per sample.
   * @throws ValidationError when `units` is not a positive integer or `useBias` is not a boolean.
   */
  constructor(units: number, options: DenseOptions = {}) {
    if (!Number.isInteger(units) || units < 1) {
      throw new ValidationError(`dense: units must be a positive integer, got ${units}`);
    }
    this.units = units;
    this.label = `dense(${units})`;
    this.useBias = options.useBias ?? true;
    if (typeof this.useBias !== 'boolean') throw new ValidationError(`dense(${units}): useBias must be true or false`);
    this.kernelInitializer = options.kernelInitializer ?? glorotUniform();
    this.biasInitializer = options.biasInitializer ?? zeroInit();
  }

  build(inputShape: readonly number[], ctx: BuildContext): readonly number[] {
    checkBuilt(this.label, this.built, false);
    if (inputShape.length !== 1 || !Number.isInteger(inputShape[0]) || inputShape[0] < 1) {
      throw new ShapeError(
        `${this.label}: input shape [${inputShape.join(', ')}] is not supported; a dense layer takes [features] per sample (the batch is [batch, features])`,
      );
    }
    this.inputs = inputShape[0];
    this.inputShape = Object.freeze([this.inputs]);
    this.outputShape = Object.freeze([this.units]);
    this.kernel = createParam('kernel', [this.inputs, this.units], true);
    this.kernelInitializer.fill(this.kernel.value, this.inputs, this.units, ctx.rng);
    if (this.useBias) {
      this.bias = createParam('bias', [this.units], false);
      this.biasInitializer.fill(this.bias.value, this.inputs, this.units, ctx.rng);
    }
    this.out = new ReusableTensor(this.outputShape);
    this.dxBuf = new ReusableTensor(this.inputShape);
    this.built = true;
    return this.outputShape;
  }

  forward(x: Tensor, _training: boolean): Tensor {
    checkBuilt(this.label, this.built, true);
    checkBatchInput(this.label, x, this.inputShape);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    const units = this.units;
    matmul(x.data, this.kernel.value, y.data, rows, this.inputs, units);
    if (this.bias) {
      const b = this.bias.value;
      const yd = y.data;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        for (let j = 0; j < units; j++) yd[o + j] += b[j];
      }
    }
    this.lastX = x;
    return y;
  }

  backward(dy: Tensor, needInputGrad = true): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError(`${this.label}: backward was called before forward`);
    const rows = x.shape[0];
    checkBatchInput(this.label, dy, this.outputShape);
    if (dy.shape[0] !== rows) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last output [${rows}, ${this.units}]`,
      );
    }
    const units = this.units;
    matmulTransA(x.data, dy.data, this.kernel.grad, rows, this.inputs, units, true);
    if (this.bias) {
      const g = this.bias.grad;
      const d = dy.data;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        for (let j = 0; j < units; j++) g[j] += d[o + j];
      }
    }
    const dx = this.dxBuf.get(rows);
    if (needInputGrad) matmulTransB(dy.data, this.kernel.value, dx.data, rows, units, this.inputs);
    return dx;
  }

  params(): readonly Param[] {
    if (!this.built) return [];
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  children(): readonly Layer[] {
    return [];
  }

  config(): DenseConfig {
    return {
      type: 'dense',
      units: this.units,
      useBias: this.useBias,
      kernelInitializer: this.kernelInitializer.config(),
      biasInitializer: this.biasInitializer.config(),
    };
  }
}

/**
 * A fully connected layer with `units` outputs.
 * @example dense(16, { kernelInitializer: heNormal() })
 */
export function dense(units: number, options: DenseOptions = {}): Dense {
  return new Dense(units, options);
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

/** Layer plugin for `dense`: rebuilds a {@link Dense} from its {@link DenseConfig}. */
export const denseLayerPlugin: LayerPlugin = Object.freeze({
  type: 'dense',
  apiVersion: LAYER_API_VERSION,
  fromConfig(config: LayerConfig, _registry: Registry): Layer {
    checkConfigShape(config, 'dense', ['units', 'useBias', 'kernelInitializer', 'biasInitializer']);
    return new Dense(positiveInt('dense', 'units', config.units), {
      useBias: optionalBoolean('dense', 'useBias', config.useBias, true),
      kernelInitializer: initializerField('kernelInitializer', config.kernelInitializer),
      biasInitializer: initializerField('biasInitializer', config.biasInitializer),
    });
  },
});
