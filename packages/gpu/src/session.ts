import {
  type BackendFallback,
  type BackendSession,
  type GpuLayerProgram,
  type OptimizerConfig,
  type OptimizerState,
  type Param,
  type ParamRef,
  type SessionSpec,
  ShapeError,
  type StateBuffer,
  Tensor,
  ValidationError,
  collectParamRefs,
  cpuBackend,
  Rng,
} from '@rectify/core';
import { checkGpuClip, clipGradients } from './clip';
import { checkDevice } from './device-checks';
import type { Device } from './device';
import { type Program, runAsync, runSync } from './driver';
import { GpuAsyncOnlyError, GpuLimitError, GpuLostError, GpuUnsupportedError } from './errors';
import type { Handle } from './gpujs';
import { addSquaredSum } from './kernels/loss';
import { GPU_LOSSES } from './losses';
import { GPU_OPTIMIZERS, type GpuOptimizer, type SlotOps, sourcesFor } from './optimizers';
import { type DeviceArray, deviceShape, type ParamSlot, planLayer, type StateSlot, type StepState } from './plan';
import { read, run, upload } from './programs';
import { type GpuBackendReport, GpuReportState } from './report';

/** What the session needs besides the spec. */
export interface SessionOptions {
  readonly device: Device;
  readonly requestedMode: string;
  readonly modeFallbackReason?: string;
  /** Whether the device answers asynchronously (webgpu): then only the `*Async` methods work. */
  readonly async: boolean;
  readonly onFallback?: (entry: BackendFallback) => void;
  readonly onLost: 'throw' | 'cpu';
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkBatch(op: string, t: Tensor, sample: readonly number[], what: string): void {
  let ok = t.shape.length === sample.length + 1 && t.shape[0] >= 1;
  for (let i = 0; ok && i < sample.length; i++) ok = t.shape[i + 1] === sample[i];
  if (!ok)
    throw new ShapeError(`${op}: ${what} has shape [${t.shape.join(', ')}] but the model expects [batch, ${sample.join(', ')}]`);
}

/**
 * A model compiled into gpu.js kernels through each layer plugin's gpu executor (or the reported host fallback):
 * the whole training step stays on the device.
 */
export class GpuSession implements BackendSession {
  private readonly reportState: GpuReportState;
  private readonly device: Device;
  private readonly programs: GpuLayerProgram[];
  private readonly slots: ParamSlot[] = [];
  private readonly states: StateSlot[] = [];
  private readonly refs: readonly ParamRef[];
  private readonly step: StepState = { rows: 0, training: false, temps: new Set() };
  private readonly optimizer: GpuOptimizer | null = null;
  private readonly inCols: number;
  private readonly outCols: number;
  private readonly lossBuf = new Float32Array(1);
  /** The squared pre-clip gradient norm of the last step, on the device (read only when asked). */
  private gradNormSq: Handle | null = null;
  private ready: Promise<void> | null = null;
  private initialStep = 0;
  private steps = 0;
  private disposed = false;
  private cpu: BackendSession | null = null;
  private destroyed: Promise<void> = Promise.resolve();
  /** The device failed: its handles cannot be released any more. */
  private deviceGone = false;

  /** Created by `gpuBackend().createSession(spec)`; not meant to be constructed directly. */
  constructor(
    private readonly spec: SessionSpec,
    private readonly options: SessionOptions,
  ) {
    this.device = options.device;
    const device = this.device;
    this.reportState = new GpuReportState(options.requestedMode, device.mode, device.transfers, () => ({
      live: device.live,
      kernels: device.kernelCount,
    }));
    if (options.modeFallbackReason) this.reportState.modeFallbackReason = options.modeFallbackReason;
    this.inCols = size(spec.inputShape);
    this.outCols = size(spec.outputShape);
    this.refs = collectParamRefs(spec.layers);
    if (spec.training) {
      const name = spec.training.loss.name;
      if (!GPU_LOSSES[name]) {
        throw new GpuUnsupportedError(
          `gpu backend: no kernels for loss "${name}"; use ${Object.keys(GPU_LOSSES).join(', ')}, or cpuBackend()`,
        );
      }
      checkGpuClip(spec.training.clipGrad);
      const type = spec.training.optimizer.config().type;
      this.optimizer = GPU_OPTIMIZERS[type] ?? null;
      if (!this.optimizer) {
        throw new GpuUnsupportedError(
          `gpu backend: no kernels for optimizer "${type}"; use ${Object.keys(GPU_OPTIMIZERS).join(', ')}, or cpuBackend()`,
        );
      }
    }
    const mirror = (id: string, shape: readonly number[]): DeviceArray => ({ id, ...deviceShape(shape), value: null });
    const ctx = {
      device,
      step: this.step,
      slot: (id: string, param: Param, host: boolean): ParamSlot => {
        const s: ParamSlot = { ...mirror(id, param.shape), param, grad: null, state: {}, first: true, t: 0, host };
        this.slots.push(s);
        return s;
      },
      stateSlot: (id: string, buffer: StateBuffer): StateSlot => {
        const s: StateSlot = { ...mirror(id, buffer.shape), buffer };
        this.states.push(s);
        return s;
      },
      fallback: (entry: BackendFallback) => {
        this.reportState.fallbacks.push(entry);
        options.onFallback?.(entry);
      },
      rng: () => spec.rng?.fork() ?? new Rng(0),
    };
    this.programs = spec.layers.map((layer, i) => planLayer(layer, `layers.${i}`, ctx));
    if (options.async) {
      this.ready = runAsync(device, this.init());
    } else {
      runSync(device, this.init(), 'createSession');
    }
  }

  /**
   * What really runs: mode, fallbacks, transfers, device resources. Each read returns a fresh plain-data snapshot
   * (safe to `postMessage` from a worker); read it again to see later changes.
   */
  get report(): GpuBackendReport {
    return this.reportState.snapshot();
  }

  // ---- programs -------------------------------------------------------------------------------------------

  private ops(s: DeviceArray): SlotOps {
    const d = this.device;
    const output = s.cols > 0 ? [s.cols, s.rows] : [s.rows];
    return {
      run: (name, args) => run(d, { source: sourcesFor(s)[name], output }, args, `optimizer ${name}`),
      upload: (values) => upload(d, values, s.rows, s.cols),
      *read(h) {
        const out = new Float32Array(s.rows * Math.max(1, s.cols));
        yield* read(h, out);
        return out;
      },
      release: (h) => d.release(h),
    };
  }

  private *init(): Program<void> {
    const d = this.device;
    this.reportState.nanChecks = yield* checkDevice(d);
    const training = this.spec.training;
    const state = training?.optimizer.getState();
    this.initialStep = state?.step ?? 0;
    const cfg = training?.optimizer.config() as OptimizerConfig;
    for (const s of [...this.slots, ...this.states]) {
      d.checkSize(s.cols > 0 ? [s.cols, s.rows] : [s.rows], `parameter ${s.id}`);
      s.value = yield* upload(d, 'param' in s ? s.param.value : s.buffer.value, s.rows, s.cols);
    }
    if (this.optimizer) for (const s of this.slots) yield* this.optimizer.init(s, state?.slots[s.id], cfg, this.ops(s));
  }

  private releaseTemps(): void {
    for (const h of this.step.temps) this.device.release(h);
    this.step.temps.clear();
  }

  private temp(h: Handle): Handle {
    this.step.temps.add(h);
    return h;
  }

  private *forward(x: Tensor, training: boolean): Program<Handle> {
    const rows = x.shape[0];
    this.step.rows = rows;
    this.step.training = training;
    let h = this.temp(yield* upload(this.device, x.data, rows, this.inCols));
    for (const p of this.programs) h = yield* p.forward(h, this.step as never) as Program<Handle>;
    return h;
  }

  private *update(): Program<void> {
    const training = this.spec.training;
    if (!training || !this.optimizer) return;
    const d = this.device;
    const cfg = training.optimizer.config();
    const lr = training.optimizer.learningRate;
    const l2 = training.l2;
    for (const s of this.slots) {
      if (s.grad === null || !(l2 > 0 && s.param.decay)) continue;
      const g = yield* this.ops(s).run('l2Grad', { g: s.grad, w: s.value, k: 2 * l2 });
      d.release(s.grad);
      s.grad = g;
    }
    if (training.clipGrad) {
      const sq = yield* clipGradients(d, this.slots, training.clipGrad, (s) => this.ops(s));
      if (this.gradNormSq) d.release(this.gradNormSq);
      this.gradNormSq = sq;
    }
    for (const s of this.slots) {
      if (s.grad === null) continue;
      const ops = this.ops(s);
      const old = s.value;
      yield* this.optimizer.step(s, cfg, lr, ops);
      d.release(old);
      // A layer running on the host reads its weights from Param.value: keep that copy current.
      if (s.host) yield* read(s.value, s.param.value);
    }
  }

  private *lossValue(h: Handle, ys: Handle, rows: number): Program<number> {
    const training = this.spec.training as NonNullable<SessionSpec['training']>;
    const d = this.device;
    const constants = { rows, cols: this.outCols };
    let l = this.temp(
      yield* run(d, { source: GPU_LOSSES[training.loss.name].value, output: [1], constants }, { p: h, t: ys }, 'loss'),
    );
    if (training.l2 > 0) {
      for (const s of this.slots) {
        if (!s.param.decay) continue;
        const spec = {
          source: addSquaredSum(s.cols > 0),
          output: [1],
          constants: { rows: s.rows, cols: s.cols > 0 ? s.cols : s.rows },
        };
        l = this.temp(yield* run(d, spec, { a: l, w: s.value, scale: training.l2 }, 'L2 penalty'));
      }
    }
    yield* read(l, this.lossBuf);
    return this.lossBuf[0];
  }

  private *train(x: Tensor, y: Tensor, readLoss: boolean): Program<number> {
    const training = this.spec.training as NonNullable<SessionSpec['training']>;
    const d = this.device;
    const rows = x.shape[0];
    for (const s of this.slots) if (s.host) s.param.grad.fill(0);
    const h = yield* this.forward(x, true);
    const ys = this.temp(yield* upload(d, y.data, rows, this.outCols));
    const loss = GPU_LOSSES[training.loss.name];
    const cols = this.outCols;
    const gradSpec = { source: loss.grad, output: [cols, rows], constants: { rows, cols } };
    const g = this.temp(yield* run(d, gradSpec, { p: h, t: ys, ...loss.gradArgs(rows, cols) }, 'loss gradient'));
    const value = readLoss ? yield* this.lossValue(h, ys, rows) : Number.NaN;
    let dy = g;
    for (let i = this.programs.length - 1; i >= 0; i--) {
      dy = yield* this.programs[i].backward(dy, this.step as never, i > 0) as Program<Handle>;
    }
    yield* this.update();
    this.releaseTemps();
    this.steps++;
    return value;
  }

  private *predictProgram(x: Tensor): Program<Tensor> {
    const rows = x.shape[0];
    const h = yield* this.forward(x, false);
    const out = new Float32Array(rows * this.outCols);
    yield* read(h, out);
    this.releaseTemps();
    return new Tensor(out, [rows, ...this.spec.outputShape]);
  }

  private *syncProgram(): Program<void> {
    for (const s of this.slots) {
      if (!s.host) yield* read(s.value, s.param.value);
      if (s.grad !== null) yield* read(s.grad, s.param.grad);
    }
    for (const s of this.states) yield* read(s.value, s.buffer.value);
    const training = this.spec.training;
    if (!training || !this.optimizer) return;
    const cfg = training.optimizer.config();
    const slots: Record<string, Record<string, number[]>> = {};
    for (const s of this.slots) {
      const saved = yield* this.optimizer.download(s, cfg, this.ops(s));
      if (saved) slots[s.id] = saved;
    }
    const state: OptimizerState = { step: this.initialStep + this.steps, slots };
    training.optimizer.setState(state, this.refs);
  }

  // ---- public API ----------------------------------------------------------------------------------------

  private checkOpen(method: string, async: boolean): void {
    if (this.disposed) throw new ValidationError('gpu session: the session is disposed; compile the model again', 'DISPOSED');
    if (this.options.async && !async) throw new GpuAsyncOnlyError(method);
  }

  private checkTrain(x: Tensor, y: Tensor): void {
    if (!this.spec.training)
      throw new ValidationError('gpu session: this session was created without a loss and optimizer; compile the model first');
    checkBatch('trainStep', x, this.spec.inputShape, 'x');
    checkBatch('trainStep', y, this.spec.outputShape, 'y');
    if (x.shape[0] !== y.shape[0])
      throw new ShapeError(`trainStep: x has ${x.shape[0]} rows but y has ${y.shape[0]}; give one target row per input row`);
    const rows = x.shape[0];
    this.device.checkSize([Math.max(this.inCols, this.outCols), rows], 'a batch');
  }

  private checkContext(): void {
    const gl = this.device.gpu.context as { isContextLost?: () => boolean } | null;
    if (gl && typeof gl.isContextLost === 'function' && gl.isContextLost()) throw new Error('the WebGL context was lost');
  }

  /**
   * The device failed mid-run. Either throw a GpuLostError (host weights = last sync) or, with `onLost: 'cpu'`,
   * continue on core's CPU backend from those weights and report the switch.
   */
  private lost(e: unknown, method: string): void {
    if (e instanceof GpuAsyncOnlyError || e instanceof GpuLimitError || e instanceof ShapeError || e instanceof ValidationError)
      throw e;
    const cause = e instanceof Error ? e.message : String(e);
    const mode = this.reportState.mode;
    this.deviceGone = true;
    this.destroyed = this.device.destroy();
    if (this.options.onLost === 'cpu') {
      const reason = `the ${mode} device failed during ${method} (${cause}); continued on the CPU from the weights of the last sync()`;
      this.cpu = cpuBackend().createSession(this.spec);
      this.reportState.mode = 'cpu';
      this.reportState.modeFallbackReason = reason;
      const entry = { layer: '*', ranOn: 'cpu', reason };
      this.reportState.fallbacks.push(entry);
      this.options.onFallback?.(entry);
      return;
    }
    this.disposed = true;
    throw new GpuLostError(
      `gpu backend: the ${mode} device failed during ${method} (${cause}); the model keeps the weights of the last sync(); compile again, or create the backend with onLost: 'cpu'`,
    );
  }

  predict(x: Tensor): Tensor {
    if (this.cpu) return this.cpu.predict(x);
    this.checkOpen('predict', false);
    checkBatch('predict', x, this.spec.inputShape, 'x');
    try {
      this.checkContext();
      return runSync(this.device, this.predictProgram(x), 'predict');
    } catch (e) {
      this.lost(e, 'predict');
      return (this.cpu as unknown as BackendSession).predict(x);
    }
  }

  trainStep(x: Tensor, y: Tensor, readLoss: boolean): number {
    if (this.cpu) return this.cpu.trainStep(x, y, readLoss);
    this.checkOpen('trainStep', false);
    this.checkTrain(x, y);
    try {
      this.checkContext();
      const loss = runSync(this.device, this.train(x, y, readLoss), 'trainStep');
      this.checkContext();
      return loss;
    } catch (e) {
      this.lost(e, 'trainStep');
      return (this.cpu as unknown as BackendSession).trainStep(x, y, readLoss);
    }
  }

  sync(): void {
    if (this.cpu) {
      this.cpu.sync();
      return;
    }
    this.checkOpen('sync', false);
    try {
      this.checkContext();
      runSync(this.device, this.syncProgram(), 'sync');
    } catch (e) {
      this.lost(e, 'sync');
    }
  }

  /**
   * The global 2-norm of the gradients before clipping of the last step, when compiled with `clipGrad: { maxNorm }`
   * (one number read back); NaN before the first step or otherwise. Synchronous modes only.
   */
  gradNorm(): number {
    if (this.cpu) return this.cpu.gradNorm?.() ?? Number.NaN;
    this.checkOpen('gradNorm', false);
    const sq = this.gradNormSq;
    if (sq === null) return Number.NaN;
    const out = new Float32Array(1);
    try {
      runSync(this.device, read(sq, out), 'gradNorm');
    } catch (e) {
      this.lost(e, 'gradNorm');
      return Number.NaN;
    }
    return Math.sqrt(out[0]);
  }

  /** Resolves once the device is set up (immediately on synchronous modes). */
  async whenReady(): Promise<void> {
    await this.ready;
  }

  /** {@link GpuSession.predict} for every mode, webgpu included. */
  async predictAsync(x: Tensor): Promise<Tensor> {
    await this.ready;
    if (this.cpu) return this.cpu.predict(x);
    this.checkOpen('predict', true);
    checkBatch('predict', x, this.spec.inputShape, 'x');
    try {
      return await runAsync(this.device, this.predictProgram(x));
    } catch (e) {
      this.lost(e, 'predict');
      return (this.cpu as unknown as BackendSession).predict(x);
    }
  }

  /** {@link GpuSession.trainStep} for every mode, webgpu included. */
  async trainStepAsync(x: Tensor, y: Tensor, readLoss: boolean): Promise<number> {
    await this.ready;
    if (this.cpu) return this.cpu.trainStep(x, y, readLoss);
    this.checkOpen('trainStep', true);
    this.checkTrain(x, y);
    try {
      this.checkContext();
      return await runAsync(this.device, this.train(x, y, readLoss));
    } catch (e) {
      this.lost(e, 'trainStep');
      return (this.cpu as unknown as BackendSession).trainStep(x, y, readLoss);
    }
  }

  /** {@link GpuSession.sync} for every mode, webgpu included. */
  async syncAsync(): Promise<void> {
    await this.ready;
    if (this.cpu) {
      this.cpu.sync();
      return;
    }
    this.checkOpen('sync', true);
    try {
      await runAsync(this.device, this.syncProgram());
    } catch (e) {
      this.lost(e, 'sync');
    }
  }

  dispose(): void {
    if (this.cpu) {
      this.cpu.dispose();
      this.cpu = null;
    }
    if (this.disposed || this.deviceGone) {
      this.disposed = true;
      return;
    }
    this.disposed = true;
    const d = this.device;
    this.releaseTemps();
    if (this.gradNormSq) d.release(this.gradNormSq);
    for (const s of this.slots) {
      d.release(s.value);
      d.release(s.grad);
      for (const h of Object.values(s.state)) d.release(h);
    }
    for (const s of this.states) d.release(s.value);
    this.destroyed = d.destroy();
  }

  /** Settles once `dispose()` (or a lost device) has released the gpu.js instance, its kernels and context. */
  whenDisposed(): Promise<void> {
    return this.destroyed;
  }
}
