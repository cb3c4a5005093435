import { RectifyError, ValidationError } from '../errors';
import type { Tensor } from '../tensor';
import { checkBuilt } from './check-input';
import type { BuildContext, CpuLayerRunner, Layer, LayerConfig, LayerPlugin, LayerShapes, Param, StateBuffer } from './contract';
import { createParam } from './param';
import { standaloneRunner } from './standalone-runner';

function frozenShape(shape: readonly number[]): readonly number[] {
  return Object.freeze([...shape]);
}

/**
 * The layer every plugin made with `defineLayer` creates: it holds the settings, builds children, parameters and
 * state from the plugin's definition, and holds no execution code of its own.
 */
export class PluginLayer<S> implements Layer<S> {
  readonly type: string;
  settings: S;
  built = false;
  inputShape: readonly number[] = [];
  outputShape: readonly number[] = [];
  private readonly childLayers: readonly Layer[];
  private paramList: readonly Param[] = [];
  private stateList: readonly StateBuffer[] = [];
  private runner: CpuLayerRunner | null = null;

  /** Use `plugin.create(settings)`; the settings must already be validated. */
  constructor(
    readonly plugin: LayerPlugin<S>,
    settings: S,
  ) {
    this.type = plugin.type;
    this.settings = settings;
    this.childLayers = Object.freeze([...(plugin.children?.(settings) ?? [])]);
  }

  build(inputShape: readonly number[], ctx: BuildContext): readonly number[] {
    const plugin = this.plugin;
    checkBuilt(plugin.type, this.built, false);
    if (plugin.resolve) this.settings = plugin.resolve(this.settings, ctx);
    const childShapes: (readonly number[])[] = [];
    let shape = inputShape;
    this.childLayers.forEach((child, i) => {
      try {
        shape = child.build(shape, ctx);
      } catch (e) {
        if (e instanceof RectifyError) e.message = `${plugin.type} body.${i}: ${e.message}`;
        throw e;
      }
      childShapes.push(shape);
    });
    const shapes: LayerShapes = { input: frozenShape(inputShape), children: childShapes };
    const output = plugin.outputShape(this.settings, shapes);
    this.paramList = Object.freeze(
      (plugin.params?.(this.settings, shapes) ?? []).map((spec) => {
        const param = createParam(spec.name, spec.shape, spec.decay);
        spec.initializer.fill(param.value, spec.fanIn, spec.fanOut, ctx.rng);
        return param;
      }),
    );
    this.stateList = Object.freeze(
      (plugin.state?.(this.settings, shapes) ?? []).map((spec) => {
        const value = new Float32Array(spec.shape.reduce((a, b) => a * b, 1)).fill(spec.init);
        return Object.freeze({ name: spec.name, shape: frozenShape(spec.shape), value });
      }),
    );
    this.inputShape = shapes.input;
    this.outputShape = frozenShape(output);
    this.built = true;
    return this.outputShape;
  }

  params(): readonly Param[] {
    return this.paramList;
  }

  param(name: string): Param {
    const param = this.paramList.find((p) => p.name === name);
    if (param) return param;
    throw new ValidationError(
      `${this.type}: no parameter "${name}"${this.built ? `; it has: ${this.paramList.map((p) => p.name).join(', ') || 'none'}` : ' (the layer is not built yet)'}`,
    );
  }

  state(): readonly StateBuffer[] {
    return this.stateList;
  }

  children(): readonly Layer[] {
    return this.childLayers;
  }

  config(): LayerConfig {
    return this.plugin.toConfig(this.settings, this);
  }

  forward(x: Tensor, training: boolean): Tensor {
    checkBuilt(this.type, this.built, true);
    this.runner ??= standaloneRunner(this);
    return this.runner.forward(x, training);
  }

  backward(dy: Tensor, needInputGrad = true): Tensor {
    if (!this.runner) throw new ValidationError(`${this.type}: backward was called before forward`);
    return this.runner.backward(dy, needInputGrad);
  }
}
