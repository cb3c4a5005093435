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
    const y = this.forwardLinear(x);
    this.addBiasRows(y, 0, x.shape[0]);
    return y;
  }

  /**
   * The first half of {@link forward}: checks `x`, computes `x·W` (no bias) into the output buffer and remembers `x`
   * for backward. Followed by {@link addBiasRows} over every row it gives the same bits as `forward`; the CPU session
   * uses the pair to run the next activation on each row block while it is in cache.
   */
  forwardLinear(x: Tensor): Tensor {
    checkBuilt(this.label, this.built, true);
    checkBatchInput(this.label, x, this.inputShape);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    matmul(x.data, this.kernel.value, y.data, rows, this.inputs, this.units);
    this.lastX = x;
    return y;
  }

  /** Adds the bias to rows `[start, end)` of `y` (the tensor {@link forwardLinear} returned); nothing without bias. */
  addBiasRows(y: Tensor, start: number, end: number): void {
    if (!this.bias) return;
    const b = this.bias.value;
    const yd = y.data;
    const units = this.units;
    for (let r = start; r < end; r++) {
      const o = r * units;
      for (let j = 0; j < units; j++) yd[o + j] += b[j];
    }
  }

  backward(dy: Tensor, needInputGrad = true): Tensor {
    this.checkGradient(dy);
    this.addBiasGradRows(dy, 0, dy.shape[0]);
    return this.backwardLinear(dy, needInputGrad);
  }

  /**
   * Adds rows `[start, end)` of `dy` into the bias gradient (row by row, in order, so row blocks taken in order sum
   * to the same bits as {@link backward}); nothing without bias.
   */
  addBiasGradRows(dy: Tensor, start: number, end: number): void {
    if (!this.bias) return;
    const g = this.bias.grad;
    const d = dy.data;
    const units = this.units;
    for (let r = start; r < end; r++) {
      const o = r * units;
      for (let j = 0; j < units; j++) g[j] += d[o + j];
    }
  }

  /**
   * {@link backward} without the bias gradient: checks `dy`, adds `xᵀ·dy` into the kernel gradient and returns
   * `dy·Wᵀ` (left unwritten when `needInputGrad` is false). Pair it with {@link addBiasGradRows} over every row.
   */
  backwardLinear(dy: Tensor, needInputGrad = true): Tensor {
    const x = this.checkGradient(dy);
    const rows = x.shape[0];
    matmulTransA(x.data, dy.data, this.kernel.grad, rows, this.inputs, this.units, true);
    const dx = this.dxBuf.get(rows);
    if (needInputGrad) matmulTransB(dy.data, this.kernel.value, dx.data, rows, this.units, this.inputs);
    return dx;
  }

  /** Throws unless `dy` matches the last forward's output; returns that forward's input. */
  private checkGradient(dy: Tensor): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError(`${this.label}: backward was called before forward`);
    checkBatchInput(this.label, dy, this.outputShape);
    if (dy.shape[0] !== x.shape[0]) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last output [${x.shape[0]}, ${this.units}]`,
      );
    }
    return x;
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
