import type { ActivationLayer, ActivationPlugin, BackendFallback, Dense, Layer, Param, Residual } from '@rectify/core';
import type { Handle } from './gpujs';
import { activationBackward, activationForward, activationParamGrad, type ChannelLayout } from './kernels/activation';
import { namedFunctionSource } from './kernels/plugin-source';

/** A trainable parameter mirrored on the device. */
export interface ParamSlot {
  readonly id: string;
  readonly param: Param;
  /** 2-D (`[rows][cols]`, dense kernels) or 1-D (`[rows]`, cols 0). */
  readonly rows: number;
  readonly cols: number;
  value: Handle;
  grad: Handle | null;
  /** Optimizer state on the device: `b` (SGD momentum) or `m`, `v` (Adam). */
  readonly state: Record<string, Handle>;
  /** SGD: the momentum buffer has not been filled yet. */
  first: boolean;
  /** Adam: this parameter's step count. */
  t: number;
  /** The parameter belongs to a layer that runs on the host: its value is read back after each update. */
  readonly host: boolean;
}

/** A dense layer on the device. */
export interface DenseNode {
  readonly kind: 'dense';
  readonly path: string;
  readonly inputs: number;
  readonly units: number;
  readonly kernel: ParamSlot;
  readonly bias: ParamSlot | null;
  x: Handle;
}

/** An activation layer on the device, through the plugin's gpu.js functions. */
export interface ActivationNode {
  readonly kind: 'activation';
  readonly path: string;
  readonly cols: number;
  readonly inner: number;
  readonly hyper: readonly number[];
  readonly learnable: readonly ParamSlot[];
  readonly forward: string;
  readonly backward: string;
  readonly paramGrads: readonly string[];
  x: Handle;
  y: Handle;
}

/** A residual block: body nodes plus an identity or projected skip. */
export interface ResidualNode {
  readonly kind: 'residual';
  readonly path: string;
  readonly cols: number;
  /** Input width (the skip's dx and the block's dx). */
  readonly inCols: number;
  readonly body: readonly Node[];
  readonly projection: DenseNode | null;
}

/** A layer the device cannot run: it runs on the host, its input and output cross the bus. */
export interface HostNode {
  readonly kind: 'host';
  readonly path: string;
  readonly layer: Layer;
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly params: readonly ParamSlot[];
}

/** One step of the compiled model. */
export type Node = DenseNode | ActivationNode | ResidualNode | HostNode;

/** What compiling the layers needs from the session. */
export interface PlanContext {
  /** Creates the device mirror of a parameter. */
  slot(id: string, param: Param, rows: number, cols: number, host: boolean): ParamSlot;
  /** Adds a helper function to the gpu.js instance once. */
  addFunction(name: string, source: string): void;
  /** Records a layer that runs on the host. */
  fallback(entry: BackendFallback): void;
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fnName(plugin: ActivationPlugin, part: string): string {
  return `rfy_${plugin.name.replace(/[^A-Za-z0-9]/g, '_')}_${part}`;
}

function denseNode(layer: Dense, path: string, ctx: PlanContext, kernel: Param, bias: Param | null, prefix: string): DenseNode {
  const inputs = layer.inputShape[0];
  const units = layer.units;
  return {
    kind: 'dense',
    path,
    inputs,
    units,
    kernel: ctx.slot(`${prefix}.${kernel.name}`, kernel, inputs, units, false),
    bias: bias ? ctx.slot(`${prefix}.${bias.name}`, bias, units, 0, false) : null,
    x: null,
  };
}

function hostNode(layer: Layer, path: string, ctx: PlanContext, reason: string): HostNode {
  ctx.fallback({ layer: path, ranOn: 'cpu', reason });
  const params: ParamSlot[] = [];
  const visit = (l: Layer, p: string) => {
    for (const param of l.params()) params.push(ctx.slot(`${p}.${param.name}`, param, param.value.length, 0, true));
    l.children().forEach((c, i) => {
      visit(c, `${p}.body.${i}`);
    });
  };
  visit(layer, path);
  return { kind: 'host', path, layer, inShape: layer.inputShape, outShape: layer.outputShape, params };
}

function activationNode(layer: ActivationLayer, path: string, ctx: PlanContext): Node {
  const plugin = layer.plugin as ActivationPlugin;
  const gpu = plugin.gpu;
  const learnKeys = Object.keys(plugin.learnable);
  if (!gpu)
    return hostNode(
      layer,
      path,
      ctx,
      `activation "${plugin.name}" has no gpu kernels; it runs on the CPU (two transfers each way per step)`,
    );
  const missing = learnKeys.filter((k) => typeof gpu.paramGrads?.[k] !== 'function');
  if (missing.length > 0) {
    return hostNode(
      layer,
      path,
      ctx,
      `activation "${plugin.name}" has no gpu paramGrads for ${missing.join(', ')}; it runs on the CPU`,
    );
  }
  const where = `activation plugin "${plugin.name}"`;
  // Helpers are called by their own names from the plugin's functions, so they are added under those names.
  for (const helper of plugin.helpers ?? []) ctx.addFunction(helper.name, Function.prototype.toString.call(helper));
  const names = { forward: fnName(plugin, 'forward'), backward: fnName(plugin, 'backward') };
  ctx.addFunction(names.forward, namedFunctionSource(gpu.forward, names.forward, `${where}: gpu.forward`));
  ctx.addFunction(names.backward, namedFunctionSource(gpu.backward, names.backward, `${where}: gpu.backward`));
  const pgNames = learnKeys.map((k) => {
    const name = fnName(plugin, `grad_${k}`);
    ctx.addFunction(
      name,
      namedFunctionSource(
        (gpu.paramGrads as Record<string, (...a: number[]) => number>)[k],
        name,
        `${where}: gpu.paramGrads.${k}`,
      ),
    );
    return name;
  });
  const inShape = layer.inputShape;
  const inner = size(inShape.slice(1));
  const learnable = learnKeys.map((k) => {
    const p = layer.learnable[k];
    return ctx.slot(`${path}.${p.name}`, p, p.value.length, 0, false);
  });
  const layout: ChannelLayout = { inner, shared: learnable.map((s) => s.rows === 1) };
  const hyperKeys = Object.keys(plugin.params);
  const hyperValues = hyperKeys.map((k) => (layer.hyper as Record<string, number>)[k]);
  return {
    kind: 'activation',
    path,
    cols: size(inShape),
    inner,
    hyper: hyperValues,
    learnable,
    forward: activationForward(names.forward, hyperKeys.length, layout),
    backward: activationBackward(names.backward, hyperKeys.length, layout),
    paramGrads: pgNames.map((n, i) => activationParamGrad(n, hyperKeys.length, layout, i)),
    x: null,
    y: null,
  };
}

/** Compiles one built layer (and its children) into device nodes; unknown layer types run on the host. */
export function planLayer(layer: Layer, path: string, ctx: PlanContext): Node {
  switch (layer.type) {
    case 'dense': {
      const d = layer as Dense;
      return denseNode(d, path, ctx, d.kernel, d.bias, path);
    }
    case 'activation':
      return activationNode(layer as ActivationLayer, path, ctx);
    case 'residual': {
      const r = layer as Residual;
      const body = r.body.map((l, i) => planLayer(l, `${path}.body.${i}`, ctx));
      const proj = r.projection;
      const projection = proj
        ? denseNode(proj, `${path}.projection`, ctx, { ...proj.kernel, name: 'projection.kernel' }, null, path)
        : null;
      return { kind: 'residual', path, cols: size(r.outputShape), inCols: size(r.inputShape), body, projection };
    }
    default:
      return hostNode(layer, path, ctx, `layer type "${layer.type}" has no gpu kernels; it runs on the CPU`);
  }
}
