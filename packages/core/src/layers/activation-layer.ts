import type { ActivationPlugin, ConfiguredActivation, HyperParams, KernelContext } from '../activation/contract';
import { isActivationPlugin } from '../activation/define';
import { ShapeError, ValidationError } from '../errors';
import type { Registry } from '../registry';
import type { Tensor } from '../tensor';
import { checkBatchInput, checkBuilt } from './check-input';
import { checkConfigShape, configError, objectField } from './config-fields';
import { type BuildContext, LAYER_API_VERSION, type Layer, type LayerConfig, type LayerPlugin, type Param } from './contract';
import { createParam } from './param';
import { ReusableTensor } from './reusable-tensor';
import { RowBlockViews } from './row-block-views';

/** Target elements per block of the block-wise passes: 16 KiB of float32, well inside L1 with the output. */
const BLOCK_ELEMENTS = 4096;

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

/** A mutable {@link KernelContext}: the layer updates `length` per call instead of allocating a new context. */
interface MutableKernelContext extends KernelContext {
  length: number;
}

/**
 * Applies an activation plugin element-wise. Learnable parameters of the plugin (PReLU's slope) become this layer's
 * `Param`s, named by their key, with `decay: false`. Create it with {@link activation}.
 */
export class ActivationLayer implements Layer {
  readonly type = 'activation';
  inputShape: readonly number[] = [];
  outputShape: readonly number[] = [];
  /** The plugin; null until build when the layer was created from a name. */
  plugin: ActivationPlugin | null = null;
  /** Resolved hyper-parameters; null until build when the layer was created from a name. */
  hyper: HyperParams | null = null;
  /** Learnable parameters by key (empty for plugins without any); set by `build`. */
  learnable: Readonly<Record<string, Param>> = {};
  /** Names the layer in error messages; built once so the hot path does not format strings. */
  private readonly label: string;
  private readonly pendingName: string | null;
  private readonly pendingHyper: Readonly<Record<string, number>> | undefined;
  private built = false;
  private ctx!: MutableKernelContext;
  private paramList: Param[] = [];
  private out!: ReusableTensor;
  private dxBuf!: ReusableTensor;
  private lastX: Tensor | null = null;
  private lastY: Tensor | null = null;
  private blocks!: RowBlockViews;
  private xBlocks: readonly Float32Array[] = [];
  private yBlocks: readonly Float32Array[] = [];
  private dyBlocks: readonly Float32Array[] = [];
  private dxBlocks: readonly Float32Array[] = [];

  /**
   * @param spec - A plugin, a configured plugin, or a registered name looked up in the model's registry at build.
   * @param hyper - Hyper-parameters for a plugin or a name; not allowed with a configured plugin.
   * @throws ValidationError when `spec` is none of those, hyper-parameters are given twice, or the plugin rejects
   * them.
   */
  constructor(spec: ActivationPlugin | ConfiguredActivation | string, hyper?: Readonly<Record<string, number>>) {
    if (typeof spec === 'string') {
      this.pendingName = spec;
      this.pendingHyper = hyper;
    } else if (isActivationPlugin(spec)) {
      this.pendingName = null;
      this.plugin = spec;
      this.hyper = spec.resolve(hyper);
    } else if (typeof spec === 'object' && spec !== null && spec.kind === 'configured-activation') {
      if (hyper !== undefined) {
        throw new ValidationError(
          `activation(${spec.plugin.name}): hyper-parameters were given twice; pass them either to the plugin, ${spec.plugin.name}({...}), or to activation(plugin, {...})`,
        );
      }
      this.pendingName = null;
      this.plugin = spec.plugin;
      this.hyper = spec.hyper;
    } else {
      throw new ValidationError(
        'activation: expected an activation plugin (relu), a configured one (leakyRelu({ negativeSlope: 0.1 })) or a registered name ("tanh")',
      );
    }
    this.label = `activation(${this.activationName})`;
  }

  /** The activation's name (the plugin's, or the name given to be looked up at build). */
  get activationName(): string {
    return this.plugin ? this.plugin.name : (this.pendingName as string);
  }

  build(inputShape: readonly number[], ctx: BuildContext): readonly number[] {
    checkBuilt(this.label, this.built, false);
    if (inputShape.length < 1)
      throw new ShapeError(`${this.label}: input shape [] is not supported; give at least one dimension`);
    if (!this.plugin) {
      const plugin = ctx.registry.activation(this.pendingName as string);
      this.hyper = plugin.resolve(this.pendingHyper);
      this.plugin = plugin;
    }
    const plugin = this.plugin;
    const hyper = this.hyper as HyperParams;
    const channels = inputShape[0];
    const inner = inputShape.slice(1).reduce((a, b) => a * b, 1);
    const params: Record<string, Float32Array> = {};
    const grads: Record<string, Float32Array> = {};
    const learnable: Record<string, Param> = {};
    for (const [key, spec] of Object.entries(plugin.learnable)) {
      const size = spec.size(hyper);
      if (size !== 1 && size !== channels) {
        const hyperKey = Object.keys(hyper).find((k) => hyper[k] === size);
        const what = hyperKey ? `${hyperKey} is ${size}` : `learnable "${key}" has ${size} values`;
        throw new ValidationError(
          `${plugin.name}: ${what} but the layer has ${channels} channels; use 1 (shared) or ${channels}`,
        );
      }
      const param = createParam(key, [size], false);
      param.value.fill(spec.init(hyper));
      learnable[key] = param;
      params[key] = param.value;
      grads[key] = param.grad;
      this.paramList.push(param);
    }
    this.learnable = Object.freeze(learnable);
    this.ctx = { length: 0, channels, inner, hyper, params: Object.freeze(params), grads: Object.freeze(grads) };
    this.inputShape = Object.freeze([...inputShape]);
    this.outputShape = this.inputShape;
    this.out = new ReusableTensor(this.inputShape);
    this.dxBuf = new ReusableTensor(this.inputShape);
    const rowSize = channels * inner;
    this.blocks = new RowBlockViews(rowSize, Math.max(1, Math.floor(BLOCK_ELEMENTS / rowSize)));
    this.built = true;
    return this.outputShape;
  }

  forward(x: Tensor, _training: boolean): Tensor {
    checkBuilt(this.label, this.built, true);
    checkBatchInput(this.label, x, this.inputShape);
    const y = this.out.get(x.shape[0]);
    this.ctx.length = x.data.length;
    (this.plugin as ActivationPlugin).cpu.forward(x.data, y.data, this.ctx);
    this.lastX = x;
    this.lastY = y;
    return y;
  }

  backward(dy: Tensor): Tensor {
    const x = this.checkGradient(dy);
    const dx = this.dxBuf.get(x.shape[0]);
    this.ctx.length = x.data.length;
    (this.plugin as ActivationPlugin).cpu.backward(x.data, (this.lastY as Tensor).data, dy.data, dx.data, this.ctx);
    return dx;
  }

  /** Throws unless forward ran and `dy` matches its input; returns that input. */
  private checkGradient(dy: Tensor): Tensor {
    const x = this.lastX;
    if (!x || !this.lastY) throw new ValidationError(`${this.label}: backward was called before forward`);
    if (dy.data.length !== x.data.length) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last input [${x.shape.join(', ')}]`,
      );
    }
    return x;
  }

  /** How many row blocks the pass last started by {@link beginForward} or {@link beginBackward} has. */
  get blockCount(): number {
    return this.xBlocks.length;
  }

  /** Rows in block `b` of the current block-wise pass (blocks are consecutive, from row 0). */
  rowsInBlock(b: number): number {
    return this.xBlocks[b].length / this.blocks.rowSize;
  }

  /**
   * Whether {@link backwardBlock} over every block gives the same bits as {@link backward}: true when the plugin
   * has no learnable parameters (their gradients are sums over all rows, which a per-block call would round
   * differently).
   */
  get blockwiseBackward(): boolean {
    return this.paramList.length === 0;
  }

  /**
   * Starts a block-wise forward pass for a fused producer (the CPU session runs a dense layer's bias and this
   * activation on one row block at a time, while it is in cache): checks `x`, records it and the output for
   * backward exactly as {@link forward} does, and returns the output, not yet computed. Then call
   * {@link forwardBlock} for every block index below {@link blockCount}, in order, once that block of `x` is
   * final. Blocks hold at least ~2048 elements (or the whole batch), so a kernel that picks its implementation by
   * length sees the same choice as in one call.
   */
  beginForward(x: Tensor): Tensor {
    checkBuilt(this.label, this.built, true);
    checkBatchInput(this.label, x, this.inputShape);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    this.xBlocks = this.blocks.of(x.data, rows);
    this.yBlocks = this.blocks.of(y.data, rows);
    this.lastX = x;
    this.lastY = y;
    return y;
  }

  /** Runs the forward kernel on row block `b` of the pass started by {@link beginForward}. */
  forwardBlock(b: number): void {
    const x = this.xBlocks[b];
    this.ctx.length = x.length;
    (this.plugin as ActivationPlugin).cpu.forward(x, this.yBlocks[b], this.ctx);
  }

  /**
   * Starts a block-wise backward pass (only when {@link blockwiseBackward}): checks `dy` as {@link backward} does
   * and returns the input gradient, computed block by block by {@link backwardBlock}.
   */
  beginBackward(dy: Tensor): Tensor {
    const x = this.checkGradient(dy);
    const rows = x.shape[0];
    const dx = this.dxBuf.get(rows);
    // From the recorded tensors, in case a plain forward ran after beginForward.
    this.xBlocks = this.blocks.of(x.data, rows);
    this.yBlocks = this.blocks.of((this.lastY as Tensor).data, rows);
    this.dyBlocks = this.blocks.of(dy.data, rows);
    this.dxBlocks = this.blocks.of(dx.data, rows);
    return dx;
  }

  /** Runs the backward kernel on row block `b` of the pass started by {@link beginBackward}. */
  backwardBlock(b: number): void {
    const x = this.xBlocks[b];
    this.ctx.length = x.length;
    (this.plugin as ActivationPlugin).cpu.backward(x, this.yBlocks[b], this.dyBlocks[b], this.dxBlocks[b], this.ctx);
  }

  params(): readonly Param[] {
    return this.paramList;
  }

  children(): readonly Layer[] {
    return [];
  }

  config(): ActivationLayerConfig {
    const plugin = this.plugin;
    if (!plugin)
      return { type: 'activation', activation: { name: this.pendingName as string, hyper: { ...(this.pendingHyper ?? {}) } } };
    return {
      type: 'activation',
      activation: { name: plugin.name, version: plugin.version, hyper: { ...(this.hyper as HyperParams) } },
    };
  }
}

/**
 * An element-wise activation layer.
 * @example activation(relu)
 * @example activation(leakyRelu({ negativeSlope: 0.1 }))
 * @example activation('tanh') // looked up in the model's registry at build
 * @example activation(prelu, { numParameters: 16 })
 */
export function activation(
  spec: ActivationPlugin | ConfiguredActivation | string,
  hyper?: Readonly<Record<string, number>>,
): ActivationLayer {
  return new ActivationLayer(spec, hyper);
}

/** Layer plugin for `activation`: looks the activation up in the registry by name; nothing in the config is evaluated. */
export const activationLayerPlugin: LayerPlugin = Object.freeze({
  type: 'activation',
  apiVersion: LAYER_API_VERSION,
  fromConfig(config: LayerConfig, registry: Registry): Layer {
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
    const plugin = registry.activation(spec.name);
    return new ActivationLayer(plugin, hyper as Record<string, number>);
  },
});
