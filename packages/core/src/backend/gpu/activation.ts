import { type ActivationSettings, activationOf } from '../../layers/activation-layer';
import type {
  GpuHandle,
  GpuLayerExecutor,
  GpuLayerProgram,
  GpuPlanContext,
  GpuProgram,
  GpuStepContext,
  Layer,
} from '../../layers/contract';
import {
  type ActivationKernelLayout,
  activationBackward,
  activationForward,
  activationParamGrad,
  hyperArg,
  learnableArg,
} from './activation-kernels';

function fnName(plugin: string, part: string): string {
  return `rfy_${plugin.replace(/[^A-Za-z0-9]/g, '_')}_${part}`;
}

/** An activation layer on the device, through the plugin's gpu.js functions. */
class ActivationProgram implements GpuLayerProgram {
  private readonly hyperArgs: Readonly<Record<string, number>>;
  private readonly learnable: readonly { readonly name: string; readonly size: number }[];
  private readonly cols: number;
  private readonly inner: number;
  private x: GpuHandle = null;
  private y: GpuHandle = null;

  constructor(
    layer: Layer<ActivationSettings>,
    private readonly sources: { readonly forward: string; readonly backward: string; readonly paramGrads: readonly string[] },
    layout: ActivationKernelLayout,
  ) {
    const { hyper } = activationOf(layer);
    this.hyperArgs = Object.fromEntries(layout.hyper.map((name) => [hyperArg(name), hyper[name]]));
    this.learnable = layer.params().map((p) => ({ name: p.name, size: p.value.length }));
    this.cols = layer.inputShape.reduce((a, b) => a * b, 1);
    this.inner = layout.inner;
  }

  private args(step: GpuStepContext, arrays: Readonly<Record<string, GpuHandle>>): Record<string, GpuHandle | number> {
    const args: Record<string, GpuHandle | number> = { ...arrays, ...this.hyperArgs };
    for (const l of this.learnable) args[learnableArg(l.name)] = step.param(l.name);
    return args;
  }

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    const spec = { source: this.sources.forward, output: [this.cols, step.rows], constants: { inner: this.inner } };
    const y = yield* step.run(spec, this.args(step, { x }));
    this.x = x;
    this.y = y;
    return y;
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    const rows = step.rows;
    const args = this.args(step, { x: this.x, y: this.y, dy });
    for (let i = 0; i < this.learnable.length; i++) {
      const { name, size } = this.learnable[i];
      const constants = { rows, cols: this.cols, inner: this.inner };
      step.setGrad(name, yield* step.run({ source: this.sources.paramGrads[i], output: [size], constants }, args));
    }
    if (!needInputGrad) return null;
    return yield* step.run({ source: this.sources.backward, output: [this.cols, rows], constants: { inner: this.inner } }, args);
  }
}

/**
 * The gpu executor of the built-in `activation` layer: wraps the plugin's gpu.js functions in element-wise kernels.
 * A plugin without gpu functions (or without one for a learnable gradient) runs on the host, reported.
 */
export const activationGpu: GpuLayerExecutor<ActivationSettings> = Object.freeze({
  plan(layer: Layer<ActivationSettings>, ctx: GpuPlanContext): GpuLayerProgram | string {
    const { plugin } = activationOf(layer);
    const gpu = plugin.gpu;
    if (!gpu) return `activation "${plugin.name}" has no gpu kernels; it runs on the CPU (two transfers each way per step)`;
    const learnKeys = Object.keys(plugin.learnable);
    const missing = learnKeys.filter((k) => typeof gpu.paramGrads?.[k] !== 'function');
    if (missing.length > 0)
      return `activation "${plugin.name}" has no gpu paramGrads for ${missing.join(', ')}; it runs on the CPU`;
    // Helpers are called by their own names from the plugin's functions, so they are added under those names.
    for (const helper of plugin.helpers ?? []) ctx.addFunction(helper.name, Function.prototype.toString.call(helper));
    const names = { forward: fnName(plugin.name, 'forward'), backward: fnName(plugin.name, 'backward') };
    ctx.addFunction(names.forward, gpu.forward);
    ctx.addFunction(names.backward, gpu.backward);
    const paramGrads = gpu.paramGrads as Readonly<Record<string, (...args: number[]) => number>>;
    const gradNames = learnKeys.map((k) => {
      const name = fnName(plugin.name, `grad_${k}`);
      ctx.addFunction(name, paramGrads[k]);
      return name;
    });
    const byName = new Map(layer.params().map((p) => [p.name, p]));
    const layout: ActivationKernelLayout = {
      hyper: Object.keys(plugin.params),
      learnable: learnKeys.map((name) => ({ name, shared: byName.get(name)?.value.length === 1 })),
      inner: layer.inputShape.slice(1).reduce((a, b) => a * b, 1),
    };
    const sources = {
      forward: activationForward(names.forward, layout),
      backward: activationBackward(names.backward, layout),
      paramGrads: gradNames.map((n, i) => activationParamGrad(n, layout, i)),
    };
    return new ActivationProgram(layer, sources, layout);
  },
});
