import {
  type BackendFallback,
  type BackendSession,
  type OptimizerState,
  type Param,
  type ParamRef,
  type SessionSpec,
  ShapeError,
  Tensor,
  ValidationError,
  collectParamRefs,
  cpuBackend,
} from '@rectify/core';
import type { Device } from './device';
import { type Program, runAsync, runSync } from './driver';
import { GpuAsyncOnlyError, GpuLimitError, GpuLostError, GpuUnavailableError, GpuUnsupportedError } from './errors';
import type { Handle } from './gpujs';
import {
  ADD_2D,
  DENSE_FORWARD,
  DENSE_FORWARD_NO_BIAS,
  DENSE_GRAD_BIAS,
  DENSE_GRAD_INPUT,
  DENSE_GRAD_KERNEL,
} from './kernels/dense';
import { isNaNTest } from './kernels/nan-test';
import { BCE_GRAD, BCE_VALUE, MSE_GRAD, MSE_VALUE, SOFTMAX_CE_GRAD, SOFTMAX_CE_VALUE, addSquaredSum } from './kernels/loss';
import { OPT_1D, OPT_2D } from './kernels/optimizer';
import { type DenseNode, type HostNode, type Node, type ParamSlot, planLayer } from './plan';
import { call, read, upload } from './programs';
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

const LOSSES: Readonly<Record<string, { grad: string; value: string; scale: (rows: number, cols: number) => number }>> = {
  mse: { grad: MSE_GRAD, value: MSE_VALUE, scale: (r, c) => 2 / (r * c) },
  'bce-with-logits': { grad: BCE_GRAD, value: BCE_VALUE, scale: (r, c) => 1 / (r * c) },
  'softmax-cross-entropy': { grad: SOFTMAX_CE_GRAD, value: SOFTMAX_CE_VALUE, scale: (r) => 1 / r },
};

const PRECISION_PROBE = 'function (a, e) { return a[0] + e; }';
const NAN_PROBE = `function (a) { const v = a[1]; return ${isNaNTest('v')} ? 1 : 0; }`;
const EPS_PROBE = 2 ** -20;

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function checkBatch(op: string, t: Tensor, sample: readonly number[], what: string): void {
  let ok = t.shape.length === sample.length + 1 && t.shape[0] >= 1;
  for (let i = 0; ok && i < sample.length; i++) ok = t.shape[i + 1] === sample[i];
  if (!ok)
    throw new ShapeError(`${op}: ${what} has shape [${t.shape.join(', ')}] but the model expects [batch, ${sample.join(', ')}]`);
}

/** A model compiled into gpu.js kernels: the whole training step stays on the device. */
export class GpuSession implements BackendSession {
  private readonly reportState: GpuReportState;
  private readonly device: Device;
  private readonly nodes: Node[] = [];
  private readonly slots: ParamSlot[] = [];
  private readonly refs: readonly ParamRef[];
  private readonly temps: Handle[] = [];
  private readonly inCols: number;
  private readonly outCols: number;
  private readonly lossBuf = new Float32Array(1);
  private readonly probeBuf = new Float32Array(1);
  /** Per layer that runs on the host: its input and output-gradient tensors, reused while the batch size holds. */
  private readonly hostIn = new Map<HostNode, Tensor>();
  private readonly hostDy = new Map<HostNode, Tensor>();
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
      if (!LOSSES[name]) {
        throw new GpuUnsupportedError(
          `gpu backend: no kernels for loss "${name}"; use mse, bce-with-logits or softmax-cross-entropy, or cpuBackend()`,
        );
      }
      const type = spec.training.optimizer.config().type;
      if (type !== 'sgd' && type !== 'adam' && type !== 'adamw') {
        throw new GpuUnsupportedError(`gpu backend: no kernels for optimizer "${type}"; use sgd, adam or adamw, or cpuBackend()`);
      }
    }
    const ctx = {
      slot: (id: string, param: Param, rows: number, cols: number, host: boolean): ParamSlot => {
        const s: ParamSlot = { id, param, rows, cols, value: null, grad: null, state: {}, first: true, t: 0, host };
        this.slots.push(s);
        return s;
      },
      addFunction: (name: string, source: string) => device.addFunction(name, source),
      fallback: (entry: BackendFallback) => {
        this.reportState.fallbacks.push(entry);
        options.onFallback?.(entry);
      },
    };
    spec.layers.forEach((layer, i) => {
      this.nodes.push(planLayer(layer, `layers.${i}`, ctx));
    });
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

  private *init(): Program<void> {
    const d = this.device;
    const probe = new Float32Array([1, Number.NaN]);
    const a = yield* upload(d, probe, 2, 0);
    const p = yield* call(d.kernel({ source: PRECISION_PROBE, output: [1] }), [a, EPS_PROBE]);
    yield* read(p, this.probeBuf);
    if (this.probeBuf[0] !== Math.fround(1 + EPS_PROBE)) {
      throw new GpuUnavailableError(
        `gpu backend: ${d.mode} does not compute in single precision (1 + 2^-20 came back as ${this.probeBuf[0]}); this device lacks float32 textures, use another mode or cpuBackend()`,
      );
    }
    const n = yield* call(d.kernel({ source: NAN_PROBE, output: [1] }), [a]);
    yield* read(n, this.probeBuf);
    this.reportState.nanChecks = this.probeBuf[0] === 1;
    d.release(a);
    d.release(p);
    d.release(n);
    this.detectTextureLimit();
    const state = this.spec.training?.optimizer.getState();
    this.initialStep = state?.step ?? 0;
    const type = this.spec.training?.optimizer.config().type;
    const momentum = Number(this.spec.training?.optimizer.config().momentum ?? 0);
    for (const s of this.slots) {
      d.checkSize(s.cols > 0 ? [s.cols, s.rows] : [s.rows], `parameter ${s.id}`);
      s.value = yield* upload(d, s.param.value, s.rows, s.cols);
      const saved = state?.slots[s.id];
      if (type === 'sgd' && momentum > 0) {
        s.first = saved?.momentum === undefined;
        s.state.b = yield* upload(
          d,
          saved?.momentum ? Float32Array.from(saved.momentum) : new Float32Array(s.param.value.length),
          s.rows,
          s.cols,
        );
      } else if (type === 'adam' || type === 'adamw') {
        const zeros = new Float32Array(s.param.value.length);
        s.state.m = yield* upload(d, saved?.m ? Float32Array.from(saved.m) : zeros, s.rows, s.cols);
        s.state.v = yield* upload(d, saved?.v ? Float32Array.from(saved.v) : zeros, s.rows, s.cols);
        s.t = saved?.step?.[0] ?? 0;
      }
    }
  }

  private detectTextureLimit(): void {
    const gl = this.device.gpu.context as { getParameter?: (p: number) => number; MAX_TEXTURE_SIZE?: number } | null;
    if (gl && typeof gl.getParameter === 'function' && gl.MAX_TEXTURE_SIZE !== undefined) {
      const max = gl.getParameter(gl.MAX_TEXTURE_SIZE);
      if (max > 0) this.device.maxTextureSize = Math.min(this.device.maxTextureSize, max);
    }
  }

  private temp(h: Handle): Handle {
    this.temps.push(h);
    return h;
  }

  private releaseTemps(): void {
    for (const h of this.temps) this.device.release(h);
    this.temps.length = 0;
  }

  private hostTensor(cache: Map<HostNode, Tensor>, node: HostNode, rows: number, sample: readonly number[]): Tensor {
    let t = cache.get(node);
    if (t === undefined || t.shape[0] !== rows) {
      t = new Tensor(new Float32Array(rows * size(sample)), [rows, ...sample]);
      cache.set(node, t);
    }
    return t;
  }

  private *forwardDense(node: DenseNode, x: Handle, rows: number): Program<Handle> {
    const d = this.device;
    const k = d.kernel({
      source: node.bias ? DENSE_FORWARD : DENSE_FORWARD_NO_BIAS,
      output: [node.units, rows],
      constants: { inputs: node.inputs },
    });
    node.x = x;
    return this.temp(yield* call(k, node.bias ? [x, node.kernel.value, node.bias.value] : [x, node.kernel.value]));
  }

  private *forward(node: Node, x: Handle, rows: number, training: boolean): Program<Handle> {
    const d = this.device;
    switch (node.kind) {
      case 'dense':
        return yield* this.forwardDense(node, x, rows);
      case 'activation': {
        const k = d.kernel({ source: node.forward, output: [node.cols, rows], constants: { inner: node.inner } });
        const y = this.temp(yield* call(k, [x, ...node.hyper, ...node.learnable.map((s) => s.value)]));
        node.x = x;
        node.y = y;
        return y;
      }
      case 'residual': {
        let h = x;
        for (const child of node.body) h = yield* this.forward(child, h, rows, training);
        const skip = node.projection ? yield* this.forwardDense(node.projection, x, rows) : x;
        return this.temp(yield* call(d.kernel({ source: ADD_2D, output: [node.cols, rows] }), [h, skip]));
      }
      case 'host': {
        const input = this.hostTensor(this.hostIn, node, rows, node.inShape);
        yield* read(x, input.data);
        const out = node.layer.forward(input, training);
        return this.temp(yield* upload(d, out.data, rows, size(node.outShape)));
      }
    }
  }

  private replaceGrad(slot: ParamSlot, g: Handle): void {
    this.device.release(slot.grad);
    slot.grad = g;
  }

  private *backwardDense(node: DenseNode, dy: Handle, rows: number, needDx: boolean): Program<Handle> {
    const d = this.device;
    const gk = d.kernel({ source: DENSE_GRAD_KERNEL, output: [node.units, node.inputs], constants: { rows } });
    this.replaceGrad(node.kernel, yield* call(gk, [node.x, dy]));
    if (node.bias) {
      const gb = d.kernel({ source: DENSE_GRAD_BIAS, output: [node.units], constants: { rows } });
      this.replaceGrad(node.bias, yield* call(gb, [dy]));
    }
    if (!needDx) return null;
    const gx = d.kernel({ source: DENSE_GRAD_INPUT, output: [node.inputs, rows], constants: { units: node.units } });
    return this.temp(yield* call(gx, [dy, node.kernel.value]));
  }

  private *backward(node: Node, dy: Handle, rows: number, needDx: boolean): Program<Handle> {
    const d = this.device;
    switch (node.kind) {
      case 'dense':
        return yield* this.backwardDense(node, dy, rows, needDx);
      case 'activation': {
        const args = [node.x, node.y, dy, ...node.hyper, ...node.learnable.map((s) => s.value)];
        for (let i = 0; i < node.learnable.length; i++) {
          const slot = node.learnable[i];
          const out = slot.rows === 1 ? [1] : [slot.rows];
          const k = d.kernel({
            source: node.paramGrads[i],
            output: out,
            constants: { rows, cols: node.cols, inner: node.inner },
          });
          this.replaceGrad(slot, yield* call(k, args));
        }
        if (!needDx) return null;
        const k = d.kernel({ source: node.backward, output: [node.cols, rows], constants: { inner: node.inner } });
        return this.temp(yield* call(k, args));
      }
      case 'residual': {
        let g = dy;
        for (let i = node.body.length - 1; i >= 0; i--) g = yield* this.backward(node.body[i], g, rows, needDx || i > 0);
        const skip = node.projection ? yield* this.backwardDense(node.projection, dy, rows, needDx) : dy;
        if (!needDx) return null;
        return this.temp(yield* call(d.kernel({ source: ADD_2D, output: [node.inCols, rows] }), [g, skip]));
      }
      case 'host': {
        const grad = this.hostTensor(this.hostDy, node, rows, node.outShape);
        yield* read(dy, grad.data);
        const dx = node.layer.backward(grad);
        for (const s of node.params) this.replaceGrad(s, yield* upload(d, s.param.grad, s.rows, s.cols));
        if (!needDx) return null;
        return this.temp(yield* upload(d, dx.data, rows, size(node.inShape)));
      }
    }
  }

  private *update(): Program<void> {
    const training = this.spec.training;
    if (!training) return;
    const d = this.device;
    const opt = training.optimizer;
    const cfg = opt.config();
    const lr = opt.learningRate;
    const l2 = training.l2;
    for (const s of this.slots) {
      if (s.grad === null) continue;
      const src = s.cols > 0 ? OPT_2D : OPT_1D;
      const output = s.cols > 0 ? [s.cols, s.rows] : [s.rows];
      const k = (source: string) => d.kernel({ source, output });
      if (l2 > 0 && s.param.decay) this.replaceGrad(s, yield* call(k(src.l2Grad), [s.grad, s.value, 2 * l2]));
      const old = s.value;
      if (cfg.type === 'sgd') {
        const wd = s.param.decay ? Number(cfg.weightDecay ?? 0) : 0;
        const mu = Number(cfg.momentum ?? 0);
        if (mu === 0) {
          s.value = yield* call(k(src.sgd), [old, s.grad, lr, wd]);
        } else {
          const b = yield* call(k(src.sgdBuffer), [
            old,
            s.grad,
            s.state.b,
            wd,
            mu,
            1 - Number(cfg.dampening ?? 0),
            s.first ? 1 : 0,
          ]);
          d.release(s.state.b);
          s.state.b = b;
          s.first = false;
          s.value = yield* call(k(src.sgdMomentum), [old, s.grad, b, lr, wd, mu, cfg.nesterov ? 1 : 0]);
        }
      } else {
        const b1 = Number(cfg.beta1);
        const b2 = Number(cfg.beta2);
        const t = ++s.t;
        const m = yield* call(k(src.adamM), [s.state.m, s.grad, b1, 1 - b1]);
        const v = yield* call(k(src.adamV), [s.state.v, s.grad, b2, 1 - b2]);
        d.release(s.state.m);
        d.release(s.state.v);
        s.state.m = m;
        s.state.v = v;
        const shrink = cfg.type === 'adamw' && s.param.decay ? 1 - lr * Number(cfg.weightDecay ?? 0) : 1;
        const stepSize = lr / (1 - b1 ** t);
        const sqrtBc2 = Math.sqrt(1 - b2 ** t);
        s.value = yield* call(k(src.adamParam), [old, m, v, shrink, stepSize, sqrtBc2, Number(cfg.epsilon)]);
      }
      d.release(old);
      // A layer running on the host reads its weights from Param.value: keep that copy current.
      if (s.host) yield* read(s.value, s.param.value);
    }
  }

  private *train(x: Tensor, y: Tensor, readLoss: boolean): Program<number> {
    const training = this.spec.training as NonNullable<SessionSpec['training']>;
    const d = this.device;
    const rows = x.shape[0];
    for (const s of this.slots) if (s.host) s.param.grad.fill(0);
    const xs = this.temp(yield* upload(d, x.data, rows, this.inCols));
    const ys = this.temp(yield* upload(d, y.data, rows, this.outCols));
    let h = xs;
    for (const node of this.nodes) h = yield* this.forward(node, h, rows, true);
    const loss = LOSSES[training.loss.name];
    const cols = this.outCols;
    const g = this.temp(
      yield* call(d.kernel({ source: loss.grad, output: [cols, rows], constants: { rows, cols } }), [
        h,
        ys,
        loss.scale(rows, cols),
      ]),
    );
    let value = Number.NaN;
    if (readLoss) {
      let l = this.temp(yield* call(d.kernel({ source: loss.value, output: [1], constants: { rows, cols } }), [h, ys]));
      if (training.l2 > 0) {
        for (const s of this.slots) {
          if (!s.param.decay) continue;
          const k = d.kernel({
            source: addSquaredSum(s.cols > 0),
            output: [1],
            constants: { rows: s.rows, cols: s.cols > 0 ? s.cols : s.rows },
          });
          l = this.temp(yield* call(k, [l, s.value, training.l2]));
        }
      }
      yield* read(l, this.lossBuf);
      value = this.lossBuf[0];
    }
    let dy = g;
    for (let i = this.nodes.length - 1; i >= 0; i--) dy = yield* this.backward(this.nodes[i], dy, rows, i > 0);
    yield* this.update();
    this.releaseTemps();
    this.steps++;
    return value;
  }

  private *predictProgram(x: Tensor): Program<Tensor> {
    const d = this.device;
    const rows = x.shape[0];
    let h = this.temp(yield* upload(d, x.data, rows, this.inCols));
    for (const node of this.nodes) h = yield* this.forward(node, h, rows, false);
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
    const training = this.spec.training;
    if (!training) return;
    const type = training.optimizer.config().type;
    const slots: Record<string, Record<string, number[]>> = {};
    for (const s of this.slots) {
      const n = s.param.value.length;
      if (type === 'sgd' && s.state.b !== undefined && !s.first) {
        const b = new Float32Array(n);
        yield* read(s.state.b, b);
        slots[s.id] = { momentum: Array.from(b) };
      } else if ((type === 'adam' || type === 'adamw') && s.t > 0) {
        const m = new Float32Array(n);
        const v = new Float32Array(n);
        yield* read(s.state.m, m);
        yield* read(s.state.v, v);
        slots[s.id] = { m: Array.from(m), v: Array.from(v), step: [s.t] };
      }
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
    for (const s of this.slots) {
      d.release(s.value);
      d.release(s.grad);
      for (const h of Object.values(s.state)) d.release(h);
    }
    this.destroyed = d.destroy();
  }

  /** Settles once `dispose()` (or a lost device) has released the gpu.js instance, its kernels and context. */
  whenDisposed(): Promise<void> {
    return this.destroyed;
  }
}
