import {
  type BackendFallback,
  type GpuLayerProgram,
  type OptimizerConfig,
  type OptimizerState,
  type Param,
  type ParamRef,
  type SessionSpec,
  type StateBuffer,
  Tensor,
  collectParamRefs,
  Rng,
} from '@rectify/core';
import { clipGradients } from './clip';
import { checkDevice } from './device-checks';
import type { Device } from './device';
import type { Program } from './driver';
import type { Handle } from './gpujs';
import { addAbsSum, addSquaredSum } from './kernels/loss';
import { GPU_LOSSES } from './losses';
import { type GpuOptimizer, type SlotOps, sourcesFor } from './optimizers';
import { type DeviceArray, deviceShape, type ParamSlot, planLayer, type StateSlot, type StepState } from './plan';
import { read, run, upload } from './programs';

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The device programs of one compiled model: its layers planned through their gpu executors, parameter and state
 * mirrors with the optimizer's state, and the whole-step programs (set-up, training step, prediction, sync) that
 * run on the driver, synchronously or not. The session around it owns the lifecycle, checks and device loss.
 */
export class StepRunner {
  readonly programs: GpuLayerProgram[];
  readonly slots: ParamSlot[] = [];
  readonly states: StateSlot[] = [];
  private readonly refs: readonly ParamRef[];
  private readonly step: StepState = { rows: 0, training: false, temps: new Set() };
  /** Values per sample in. */
  readonly inCols: number;
  /** Values per sample out. */
  readonly outCols: number;
  private readonly lossBuf = new Float32Array(1);
  /** The squared global gradient norm of the last step (clipGrad maxNorm), on the device. */
  gradNormSq: Handle | null = null;
  /** NaN-check results of the device, filled in by {@link StepRunner.init}. */
  nanChecks = true;
  private initialStep = 0;
  private steps = 0;

  constructor(
    private readonly spec: SessionSpec,
    private readonly device: Device,
    private readonly optimizer: GpuOptimizer | null,
    onFallback: (entry: BackendFallback) => void,
  ) {
    this.inCols = size(spec.inputShape);
    this.outCols = size(spec.outputShape);
    this.refs = collectParamRefs(spec.layers);
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
      fallback: onFallback,
      rng: () => spec.rng?.fork() ?? new Rng(0),
    };
    this.programs = spec.layers.map((layer, i) => planLayer(layer, `layers.${i}`, ctx));
  }

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

  /** Uploads parameters and state, and the optimizer's state. */
  *init(): Program<void> {
    const d = this.device;
    this.nanChecks = yield* checkDevice(d);
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

  /** Releases the handles of the current step. */
  releaseTemps(): void {
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
    const l1 = training.l1 ?? 0;
    for (const s of this.slots) {
      if (s.grad === null || !(l1 > 0 && s.param.decay)) continue;
      const g = yield* this.ops(s).run('l1Grad', { g: s.grad, w: s.value, k: l1 });
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
    const penalties = [
      { scale: training.l2, source: addSquaredSum, what: 'L2 penalty' },
      { scale: training.l1 ?? 0, source: addAbsSum, what: 'L1 penalty' },
    ];
    for (const { scale, source, what } of penalties) {
      if (!(scale > 0)) continue;
      for (const s of this.slots) {
        if (!s.param.decay) continue;
        const spec = {
          source: source(s.cols > 0),
          output: [1],
          constants: { rows: s.rows, cols: s.cols > 0 ? s.cols : s.rows },
        };
        l = this.temp(yield* run(d, spec, { a: l, w: s.value, scale }, what));
      }
    }
    yield* read(l, this.lossBuf);
    return this.lossBuf[0];
  }

  /** One training step; the loss when `readLoss` (one number read back), else NaN. */
  *train(x: Tensor, y: Tensor, readLoss: boolean): Program<number> {
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

  /** The model's output for a batch (inference mode). */
  *predict(x: Tensor): Program<Tensor> {
    const rows = x.shape[0];
    const h = yield* this.forward(x, false);
    const out = new Float32Array(rows * this.outCols);
    yield* read(h, out);
    this.releaseTemps();
    return new Tensor(out, [rows, ...this.spec.outputShape]);
  }

  /** Reads parameters, gradients, state and the optimizer's state back into the model. */
  *sync(): Program<void> {
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

  /** Releases every device array the runner holds (the device itself is the session's). */
  release(): void {
    const d = this.device;
    this.releaseTemps();
    if (this.gradNormSq) d.release(this.gradNormSq);
    for (const s of this.slots) {
      d.release(s.value);
      d.release(s.grad);
      for (const h of Object.values(s.state)) d.release(h);
    }
    for (const s of this.states) d.release(s.value);
  }
}
