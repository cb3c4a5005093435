import {
  type BackendFallback,
  type CpuLayerRunner,
  createCpuRunner,
  type GpuHandle,
  type GpuKernelSpec,
  type GpuLayerProgram,
  type GpuPlanContext,
  type GpuProgram,
  type GpuStepContext,
  type Layer,
  type Param,
  type Rng,
  type StateBuffer,
  Tensor,
} from '@rectify/core';
import type { Device } from './device';
import type { Program } from './driver';
import type { Handle } from './gpujs';
import { namedFunctionSource } from './kernels/plugin-source';
import { read, run, upload } from './programs';

/** A parameter or state buffer mirrored on the device: 2-D (`[rows][cols]`) for 2-D shapes, else 1-D (cols 0). */
export interface DeviceArray {
  readonly id: string;
  readonly rows: number;
  readonly cols: number;
  value: Handle;
}

/** A trainable parameter on the device, with its gradient and optimizer state. */
export interface ParamSlot extends DeviceArray {
  readonly param: Param;
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

/** A non-trainable state buffer on the device. */
export interface StateSlot extends DeviceArray {
  readonly buffer: StateBuffer;
}

/** What every layer's step shares: the batch, the mode, and the handles to release when the step ends. */
export interface StepState {
  rows: number;
  training: boolean;
  readonly temps: Set<Handle>;
}

/** What planning needs from the session. */
export interface PlanContext {
  readonly device: Device;
  readonly step: StepState;
  /** Creates the device mirror of a parameter. */
  slot(id: string, param: Param, host: boolean): ParamSlot;
  /** Creates the device mirror of a state buffer. */
  stateSlot(id: string, buffer: StateBuffer): StateSlot;
  /** Records a layer that runs on the host. */
  fallback(entry: BackendFallback): void;
  /** The model's generator, forked for a layer that asks. */
  readonly rng: () => Rng;
}

/** 2-D arrays stay 2-D on the device; everything else is flat. */
export function deviceShape(shape: readonly number[]): { rows: number; cols: number } {
  if (shape.length === 2) return { rows: shape[0], cols: shape[1] };
  return { rows: shape.reduce((a, b) => a * b, 1), cols: 0 };
}

function byName<T extends { readonly id: string }>(path: string, items: readonly T[]): Map<string, T> {
  return new Map(items.map((s) => [s.id.slice(path.length + 1), s]));
}

/** One layer's view of the step: its own parameters and state by name, kernels bound by argument name. */
class LayerStep implements GpuStepContext {
  private readonly params: Map<string, ParamSlot>;
  private readonly states: Map<string, StateSlot>;
  private generator: Rng | null = null;

  constructor(
    private readonly ctx: PlanContext,
    private readonly path: string,
    params: readonly ParamSlot[],
    states: readonly StateSlot[],
  ) {
    this.params = byName(path, params);
    this.states = byName(path, states);
  }

  get rows(): number {
    return this.ctx.step.rows;
  }

  get training(): boolean {
    return this.ctx.step.training;
  }

  get rng(): Rng {
    this.generator ??= this.ctx.rng();
    return this.generator;
  }

  *run(kernel: GpuKernelSpec, args: Readonly<Record<string, GpuHandle | number>>): GpuProgram<GpuHandle> {
    const h = yield* run(this.ctx.device, kernel, args, `layer ${this.path}`);
    this.ctx.step.temps.add(h);
    return h;
  }

  *upload(values: Float32Array, rows: number, cols: number): GpuProgram<GpuHandle> {
    const h = yield* upload(this.ctx.device, values, rows, cols);
    this.ctx.step.temps.add(h);
    return h;
  }

  private slot<T>(map: Map<string, T>, name: string, what: string): T {
    const s = map.get(name);
    if (s === undefined)
      throw new Error(`layer ${this.path}: no ${what} "${name}"; it has ${[...map.keys()].join(', ') || 'none'}`);
    return s;
  }

  param(name: string): GpuHandle {
    return this.slot(this.params, name, 'parameter').value;
  }

  setGrad(name: string, grad: GpuHandle): void {
    const s = this.slot(this.params, name, 'parameter');
    this.ctx.step.temps.delete(grad);
    this.ctx.device.release(s.grad);
    s.grad = grad;
  }

  state(name: string): GpuHandle {
    return this.slot(this.states, name, 'state buffer').value;
  }

  setState(name: string, value: GpuHandle): void {
    const s = this.slot(this.states, name, 'state buffer');
    this.ctx.step.temps.delete(value);
    this.ctx.device.release(s.value);
    s.value = value;
  }
}

/** A layer run on the host inside a device step: its input and output gradient cross the bus. */
class HostProgram implements GpuLayerProgram {
  private input: Tensor | null = null;
  private grad: Tensor | null = null;
  private readonly inCols: number;
  private readonly outCols: number;

  constructor(
    private readonly layer: Layer,
    private readonly runner: CpuLayerRunner,
    private readonly slots: readonly ParamSlot[],
    private readonly ctx: PlanContext,
  ) {
    this.inCols = layer.inputShape.reduce((a, b) => a * b, 1);
    this.outCols = layer.outputShape.reduce((a, b) => a * b, 1);
  }

  private tensor(cached: Tensor | null, rows: number, shape: readonly number[], cols: number): Tensor {
    if (cached !== null && cached.shape[0] === rows) return cached;
    return new Tensor(new Float32Array(rows * cols), [rows, ...shape]);
  }

  private *toDevice(data: Float32Array, rows: number, cols: number): Program<Handle> {
    const h = yield* upload(this.ctx.device, data, rows, cols);
    this.ctx.step.temps.add(h);
    return h;
  }

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    const rows = step.rows;
    this.input = this.tensor(this.input, rows, this.layer.inputShape, this.inCols);
    yield* read(x, this.input.data);
    const out = this.runner.forward(this.input, step.training);
    return yield* this.toDevice(out.data, rows, this.outCols);
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    const rows = step.rows;
    this.grad = this.tensor(this.grad, rows, this.layer.outputShape, this.outCols);
    yield* read(dy, this.grad.data);
    const dx = this.runner.backward(this.grad, true);
    const d = this.ctx.device;
    for (const s of this.slots) {
      d.release(s.grad);
      s.grad = yield* upload(d, s.param.grad, s.rows, s.cols);
    }
    if (!needInputGrad) return null;
    return yield* this.toDevice(dx.data, rows, this.inCols);
  }
}

/** Binds a program to its own layer's step context, whatever step its caller passes (a container's). */
function scoped(program: GpuLayerProgram, step: GpuStepContext): GpuLayerProgram {
  return {
    forward: (x) => program.forward(x, step),
    backward: (dy, _caller, needInputGrad) => program.backward(dy, step, needInputGrad),
  };
}

function hostProgram(layer: Layer, path: string, ctx: PlanContext, reason: string): GpuLayerProgram {
  ctx.fallback({ layer: path, ranOn: 'cpu', reason });
  const slots: ParamSlot[] = [];
  const visit = (l: Layer, p: string) => {
    for (const param of l.params()) slots.push(ctx.slot(`${p}.${param.name}`, param, true));
    l.children().forEach((c, i) => {
      visit(c, `${p}.body.${i}`);
    });
  };
  visit(layer, path);
  const runner = createCpuRunner(layer, path, ctx.rng);
  return scoped(new HostProgram(layer, runner, slots, ctx), new LayerStep(ctx, path, [], []));
}

/**
 * Compiles one built layer through its plugin's gpu executor; a layer without one, or whose executor declines,
 * runs on the host and the reason is reported.
 */
export function planLayer(layer: Layer, path: string, ctx: PlanContext): GpuLayerProgram {
  const executor = layer.plugin.gpu;
  if (!executor) return hostProgram(layer, path, ctx, `layer type "${layer.type}" has no gpu executor; it runs on the CPU`);
  const plan: GpuPlanContext = {
    path,
    addFunction: (name, source) => {
      const where = `layer ${path}: gpu function ${name}`;
      ctx.device.addFunction(name, typeof source === 'string' ? source : namedFunctionSource(source, name, where));
    },
    child: (child, index) => planLayer(child, `${path}.body.${index}`, ctx),
  };
  const program = executor.plan(layer, plan);
  if (typeof program === 'string') return hostProgram(layer, path, ctx, program);
  const params = layer.params().map((p) => ctx.slot(`${path}.${p.name}`, p, false));
  const states = layer.state().map((b) => ctx.stateSlot(`${path}.${b.name}`, b));
  return scoped(program, new LayerStep(ctx, path, params, states));
}
