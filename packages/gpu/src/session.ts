import {
  type BackendFallback,
  type BackendSession,
  type SessionSpec,
  ShapeError,
  type Tensor,
  ValidationError,
  cpuBackend,
} from '@rectify/core';
import { checkGpuClip } from './clip';
import type { Device } from './device';
import { type Program, runAsync, runSync } from './driver';
import { GpuAsyncOnlyError, GpuLimitError, GpuLostError, GpuUnsupportedError } from './errors';
import { GPU_LOSSES } from './losses';
import { GPU_OPTIMIZERS, type GpuOptimizer } from './optimizers';
import { read } from './programs';
import { type GpuBackendReport, GpuReportState } from './report';
import { StepRunner } from './step-runner';

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
  private readonly runner: StepRunner;
  /** The squared pre-clip gradient norm of the last step, on the device (read only when asked). */
  private ready: Promise<void> | null = null;
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
    let optimizer: GpuOptimizer | null = null;
    if (spec.training) {
      const name = spec.training.loss.name;
      if (!GPU_LOSSES[name]) {
        throw new GpuUnsupportedError(
          `gpu backend: no kernels for loss "${name}"; use ${Object.keys(GPU_LOSSES).join(', ')}, or cpuBackend()`,
        );
      }
      checkGpuClip(spec.training.clipGrad);
      const type = spec.training.optimizer.config().type;
      optimizer = GPU_OPTIMIZERS[type] ?? null;
      if (!optimizer) {
        throw new GpuUnsupportedError(
          `gpu backend: no kernels for optimizer "${type}"; use ${Object.keys(GPU_OPTIMIZERS).join(', ')}, or cpuBackend()`,
        );
      }
    }
    this.runner = new StepRunner(spec, device, optimizer, (entry) => {
      this.reportState.fallbacks.push(entry);
      options.onFallback?.(entry);
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
    yield* this.runner.init();
    this.reportState.nanChecks = this.runner.nanChecks;
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
    this.device.checkSize([Math.max(this.runner.inCols, this.runner.outCols), rows], 'a batch');
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
      return runSync(this.device, this.runner.predict(x), 'predict');
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
      const loss = runSync(this.device, this.runner.train(x, y, readLoss), 'trainStep');
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
      runSync(this.device, this.runner.sync(), 'sync');
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
    const sq = this.runner.gradNormSq;
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
      return await runAsync(this.device, this.runner.predict(x));
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
      return await runAsync(this.device, this.runner.train(x, y, readLoss));
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
      await runAsync(this.device, this.runner.sync());
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
    this.runner.release();
    this.destroyed = this.device.destroy();
  }

  /** Settles once `dispose()` (or a lost device) has released the gpu.js instance, its kernels and context. */
  whenDisposed(): Promise<void> {
    return this.destroyed;
  }
}
