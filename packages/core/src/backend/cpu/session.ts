import { clipGradNorm, clipGradValue } from '../../clipping/clip';
import { ShapeError, ValidationError } from '../../errors';
import type { CpuLayerRunner, Param } from '../../layers/contract';
import { collectParamRefs } from '../../layers/walk';
import type { ParamRef } from '../../optimizers/contract';
import { Rng } from '../../random';
import type { Tensor } from '../../tensor';
import type { Backend, BackendReport, BackendSession, SessionSpec } from '../contract';
import { kernelInfo } from './kernel-info';
import { type CpuKernelOptions, kernelApplier } from './kernel-options';
import { checkFmaOption } from './fma-option';
import { type MatmulFma, setMatmulFma } from './matmul';
import { checkThreadsOption } from './threads-option';
import { gemmThreadsFailure, gemmThreadsUnavailable, setGemmThreads, startGemmThreads } from './threads/gemm-threads';
import { planCpuRunners } from './plan';
import { ReusableTensor } from './reusable-tensor';

/** Options of {@link cpuBackend}. */
export interface CpuBackendOptions {
  /**
   * Run each dense layer followed by an activation layer as one fused pass (bias and activation per row block
   * while it is in cache). The results are bit-identical either way; `false` is for tests and profiling.
   * Default true.
   */
  readonly fuse?: boolean;
  /**
   * Which kernels the session runs (matrix products, element-wise math, activation precision). They replace the
   * deprecated process-wide `setMatmulKernel`, `setVmathKernel`, `setVmath32Kernel` and `setActivationPrecision`:
   * the session applies its choices before every predict and training step. Omitted fields keep the defaults.
   */
  readonly kernels?: CpuKernelOptions;
  /**
   * Whether the matrix products use the fused multiply-add kernel (WebAssembly relaxed SIMD, `f32x4.relaxed_madd`):
   * `'auto'` (default) where the engine has it (Node 22+, Chromium), `true` to require it (throws where the engine
   * lacks it), `false` for the plain kernel. FMA results differ from non-FMA ones in the last bits and are
   * reproducible on one machine; pin `false` for bit-identical results across engines. The session's
   * `report.fma` says which kernel runs and why.
   */
  readonly fma?: MatmulFma;
  /**
   * How many threads the matrix products (dense layers, and the convolutions' products) run on: the calling thread
   * plus workers sharing WebAssembly memory (`worker_threads` in Node; Web Workers in a cross-origin isolated page).
   * Default: every core. Each product's rows are split in fixed blocks, so results are bit-identical for any count.
   * Where workers cannot share memory the backend runs one thread and `report.threads` says why.
   */
  readonly threads?: number;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkBatch(op: string, t: Tensor, sample: readonly number[], what: string): void {
  let ok = t.shape.length === sample.length + 1 && t.shape[0] >= 1;
  for (let i = 0; ok && i < sample.length; i++) ok = t.shape[i + 1] === sample[i];
  if (!ok)
    throw new ShapeError(`${op}: ${what} has shape [${t.shape.join(', ')}] but the model expects [batch, ${sample.join(', ')}]`);
}

/**
 * Runs the model's layers on the host, each through its plugin's CPU executor (planned once, see `plan.ts`). Every buffer (layer outputs, the loss gradient) is reused,
 * so a step allocates nothing once a batch size has been seen.
 */
class CpuSession implements BackendSession {
  readonly report: BackendReport;
  private readonly refs: readonly ParamRef[];
  private readonly params: readonly Param[];
  private readonly decayed: readonly Param[];
  private readonly grads: readonly Float32Array[];
  private lastGradNorm = Number.NaN;
  private readonly lossGrad: ReusableTensor;
  private readonly stages: readonly CpuLayerRunner[];
  private disposed = false;

  constructor(
    private readonly spec: SessionSpec,
    fuse: boolean,
    private readonly applyKernels: () => void,
    threads: number,
  ) {
    applyKernels();
    const { fma, fmaReason, runsOn } = kernelInfo().matmul;
    this.report = Object.freeze({
      backend: 'cpu',
      mode: 'cpu',
      fallbacks: Object.freeze([]),
      fma: Object.freeze({ on: fma, reason: fmaReason }),
      threads: Object.freeze(threadsReport(threads, runsOn === 'js')),
      transfers: Object.freeze({ toDevice: 0, toHost: 0 }),
    });
    this.stages = planCpuRunners(spec.layers, fuse, () => spec.rng?.fork() ?? new Rng(0));
    this.refs = collectParamRefs(spec.layers);
    this.params = this.refs.map((r) => r.param);
    this.decayed = this.params.filter((p) => p.decay);
    this.grads = this.params.map((p) => p.grad);
    this.lossGrad = new ReusableTensor(spec.outputShape);
  }

  private checkOpen(): void {
    if (this.disposed) throw new ValidationError('cpu session: the session is disposed; compile the model again', 'DISPOSED');
  }

  predict(x: Tensor): Tensor {
    this.checkOpen();
    this.applyKernels();
    checkBatch('predict', x, this.spec.inputShape, 'x');
    const stages = this.stages;
    let h = x;
    for (let i = 0; i < stages.length; i++) h = stages[i].forward(h, false);
    return h;
  }

  trainStep(x: Tensor, y: Tensor, readLoss: boolean): number {
    this.checkOpen();
    this.applyKernels();
    const training = this.spec.training;
    if (!training)
      throw new ValidationError('cpu session: this session was created without a loss and optimizer; compile the model first');
    checkBatch('trainStep', x, this.spec.inputShape, 'x');
    checkBatch('trainStep', y, this.spec.outputShape, 'y');
    if (x.shape[0] !== y.shape[0])
      throw new ShapeError(`trainStep: x has ${x.shape[0]} rows but y has ${y.shape[0]}; give one target row per input row`);
    const params = this.params;
    for (let i = 0; i < params.length; i++) params[i].grad.fill(0);
    const stages = this.stages;
    let h = x;
    for (let i = 0; i < stages.length; i++) h = stages[i].forward(h, true);
    const rows = x.shape[0];
    const grad = this.lossGrad.get(rows);
    let loss = training.loss.compute(h.data, y.data, grad.data, rows, h.data.length / rows);
    let g: Tensor = grad;
    // The first layer's input gradient would be dLoss/dData, which nobody reads.
    for (let i = stages.length - 1; i >= 0; i--) g = stages[i].backward(g, i > 0);
    const l2 = training.l2;
    if (l2 > 0) {
      let penalty = 0;
      const twice = 2 * l2;
      for (const p of this.decayed) {
        const w = p.value;
        const gw = p.grad;
        for (let j = 0; j < w.length; j++) {
          penalty += w[j] * w[j];
          gw[j] += twice * w[j];
        }
      }
      loss += l2 * penalty;
    }
    const l1 = training.l1 ?? 0;
    if (l1 > 0) {
      let penalty = 0;
      for (const p of this.decayed) {
        const w = p.value;
        const gw = p.grad;
        for (let j = 0; j < w.length; j++) {
          penalty += Math.abs(w[j]);
          // sign(w), 0 at 0 (autograd's gradient of |w|); NaN stays NaN.
          gw[j] += l1 * Math.sign(w[j]);
        }
      }
      loss += l1 * penalty;
    }
    const clip = training.clipGrad;
    if (clip?.kind === 'norm') this.lastGradNorm = clipGradNorm(this.grads, clip.maxNorm, clip.normType);
    else if (clip?.kind === 'value') clipGradValue(this.grads, clip.value);
    training.optimizer.step(this.refs);
    return readLoss ? loss : Number.NaN;
  }

  gradNorm(): number {
    return this.lastGradNorm;
  }

  sync(): void {
    // The host Param arrays are the weights: nothing to copy.
  }

  dispose(): void {
    this.disposed = true;
  }
}

function threadsReport(requested: number, js: boolean): NonNullable<BackendReport['threads']> {
  if (requested === 1) return { requested, running: 1, reason: 'threads: 1 was chosen' };
  if (js) return { requested, running: 1, reason: 'the matrix products run in JavaScript, which runs on one thread' };
  const missing = gemmThreadsUnavailable() ?? gemmThreadsFailure();
  if (missing !== undefined) return { requested, running: 1, reason: missing };
  return { requested, running: requested, reason: "worker threads share the kernels' WebAssembly memory" };
}

/**
 * The CPU backend: runs layers on the host with reusable buffers. Deterministic: same seed ⇒ same weights, with or
 * without fusion.
 */
export function cpuBackend(options: CpuBackendOptions = {}): Backend {
  const fuse = options.fuse ?? true;
  if (typeof fuse !== 'boolean') throw new ValidationError('cpuBackend: fuse must be true or false');
  const applyOptions = kernelApplier(options.kernels);
  const fma = checkFmaOption(options.fma);
  const threads = checkThreadsOption(options.threads);
  const applyKernels = () => {
    applyOptions?.();
    setMatmulFma(fma);
    setGemmThreads(threads);
  };
  return Object.freeze({
    name: 'cpu',
    createSession(spec: SessionSpec): BackendSession {
      if (!sameShape(spec.layers.at(-1)?.outputShape ?? spec.inputShape, spec.outputShape)) {
        throw new ShapeError(
          `cpu backend: outputShape [${spec.outputShape.join(', ')}] does not match the last layer's output shape; build the layers first`,
        );
      }
      startGemmThreads(threads);
      return new CpuSession(spec, fuse, applyKernels, threads);
    },
  });
}
