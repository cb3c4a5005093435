import {
  type ActivationPlugin,
  type CpuActivationKernels,
  type CpuLayerExecutor,
  type CpuLayerRunner,
  type CpuRunnerContext,
  type KernelContext,
  type RowBuffer,
  ShapeError,
  type Tensor,
  ValidationError,
  matmul,
  matmulTransA,
  matmulTransB,
} from '@rectify/core';
import type { SimpleRnn, SimpleRnnSettings } from './definition';

/**
 * A SimpleRNN on the CPU with exact backpropagation through time. Pre-activations and states are kept time-major
 * (`[T][N][H]`) so each step's activation runs over one contiguous block; every buffer and per-step view is made
 * once per batch size, so steps allocate nothing.
 */
class SimpleRnnRunner implements CpuLayerRunner {
  private readonly label: string;
  private readonly kernels: CpuActivationKernels;
  private readonly act: KernelContext & { length: number };
  private readonly steps: number;
  private readonly features: number;
  private readonly units: number;
  private readonly sequences: boolean;
  private readonly w: Float32Array;
  private readonly u: Float32Array;
  private readonly b: Float32Array;
  private readonly dw: Float32Array;
  private readonly du: Float32Array;
  private readonly db: Float32Array;
  private readonly out: RowBuffer;
  private readonly dxBuf: RowBuffer;
  /** `[T, N, H]` pre-activations and states, time-major (row buffers of `T·H` per sample, used as `T` blocks). */
  private readonly zBuf: RowBuffer;
  private readonly hBuf: RowBuffer;
  /** `[N, H]` scratch: the gradient reaching `h_t`, the one passed to `h_{t−1}`, and `dz_t`. */
  private readonly dhBuf: RowBuffer;
  private readonly dhPrevBuf: RowBuffer;
  private readonly dzBuf: RowBuffer;
  /** `[N, T, H]` sample-major: the input projections `x·W_ih` in forward, every step's `dz` in backward. */
  private readonly projBuf: RowBuffer;
  private rows = 0;
  private zSteps: Float32Array[] = [];
  private hSteps: Float32Array[] = [];
  private lastX: Tensor | null = null;

  constructor(layer: SimpleRnn, ctx: CpuRunnerContext) {
    const s = layer.settings;
    const plugin = s.activation as ActivationPlugin;
    this.label = `simple-rnn(${s.units}, ${plugin.name})`;
    this.kernels = plugin.cpu;
    this.steps = layer.inputShape[0];
    this.features = layer.inputShape[1];
    this.units = s.units;
    this.sequences = s.returnSequences;
    this.act = { length: 0, channels: s.units, inner: 1, hyper: s.hyper, params: {}, grads: {} };
    const kernel = layer.param('kernel');
    const recurrent = layer.param('recurrentKernel');
    const bias = layer.param('bias');
    this.w = kernel.value;
    this.u = recurrent.value;
    this.b = bias.value;
    this.dw = kernel.grad;
    this.du = recurrent.grad;
    this.db = bias.grad;
    this.out = ctx.buffer(layer.outputShape);
    this.dxBuf = ctx.buffer(layer.inputShape);
    this.zBuf = ctx.buffer([this.steps, this.units]);
    this.hBuf = ctx.buffer([this.steps, this.units]);
    this.dhBuf = ctx.buffer([this.units]);
    this.dhPrevBuf = ctx.buffer([this.units]);
    this.dzBuf = ctx.buffer([this.units]);
    this.projBuf = ctx.buffer([this.steps, this.units]);
  }

  /** Per-step views of the time-major buffers, remade only when the batch size changes. */
  private viewsFor(rows: number): void {
    if (rows === this.rows) return;
    const block = rows * this.units;
    const z = this.zBuf.get(rows).data;
    const h = this.hBuf.get(rows).data;
    this.zSteps = [];
    this.hSteps = [];
    for (let t = 0; t < this.steps; t++) {
      this.zSteps.push(z.subarray(t * block, (t + 1) * block));
      this.hSteps.push(h.subarray(t * block, (t + 1) * block));
    }
    this.rows = rows;
  }

  forward(x: Tensor, _training: boolean): Tensor {
    const shape = x.shape;
    if (shape.length !== 3 || shape[0] < 1 || shape[1] !== this.steps || shape[2] !== this.features) {
      throw new ShapeError(
        `${this.label}: got input of shape [${shape.join(', ')}] but the layer expects [batch, ${this.steps}, ${this.features}]; reshape the input or fix the model's inputShape`,
      );
    }
    const rows = shape[0];
    this.viewsFor(rows);
    const T = this.steps;
    const H = this.units;
    const b = this.b;
    // The input projection of every step at once (rows are (sample, step) pairs), then the recurrence step by step.
    const proj = this.projBuf.get(rows).data;
    matmul(x.data, this.w, proj, rows * T, this.features, H);
    this.act.length = rows * H;
    for (let t = 0; t < T; t++) {
      const z = this.zSteps[t];
      for (let n = 0; n < rows; n++) {
        const o = n * H;
        const po = (n * T + t) * H;
        for (let j = 0; j < H; j++) z[o + j] = proj[po + j] + b[j];
      }
      if (t > 0) matmul(this.hSteps[t - 1], this.u, z, rows, H, H, true);
      this.kernels.forward(z, this.hSteps[t], this.act);
    }
    const y = this.out.get(rows);
    const yd = y.data;
    if (this.sequences) {
      for (let t = 0; t < T; t++) {
        const h = this.hSteps[t];
        for (let n = 0; n < rows; n++) {
          const yo = (n * T + t) * H;
          for (let j = 0; j < H; j++) yd[yo + j] = h[n * H + j];
        }
      }
    } else {
      yd.set(this.hSteps[T - 1]);
    }
    this.lastX = x;
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError(`${this.label}: backward was called before forward`);
    const rows = x.shape[0];
    const T = this.steps;
    const H = this.units;
    const expected = this.sequences ? rows * T * H : rows * H;
    if (dy.data.length !== expected || dy.shape[0] !== rows) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last output [${rows}, ${this.sequences ? `${T}, ` : ''}${H}]`,
      );
    }
    this.viewsFor(rows);
    const dyd = dy.data;
    const u = this.u;
    const db = this.db;
    let dh = this.dhBuf.get(rows).data;
    let dhPrev = this.dhPrevBuf.get(rows).data;
    const dz = this.dzBuf.get(rows).data;
    // dz of every step, sample-major like the input, for the input-side products after the loop.
    const dzAll = this.projBuf.get(rows).data;
    const m = rows * H;
    dh.fill(0);
    this.act.length = m;
    for (let t = T - 1; t >= 0; t--) {
      if (this.sequences) {
        for (let n = 0; n < rows; n++) {
          const yo = (n * T + t) * H;
          for (let j = 0; j < H; j++) dh[n * H + j] += dyd[yo + j];
        }
      } else if (t === T - 1) {
        for (let i = 0; i < m; i++) dh[i] += dyd[i];
      }
      this.kernels.backward(this.zSteps[t], this.hSteps[t], dh, dz, this.act);
      for (let n = 0; n < rows; n++) {
        const o = n * H;
        const po = (n * T + t) * H;
        for (let j = 0; j < H; j++) {
          const g = dz[o + j];
          dzAll[po + j] = g;
          db[j] += g;
        }
      }
      if (t > 0) {
        matmulTransA(this.hSteps[t - 1], dz, this.du, rows, H, H, true);
        matmulTransB(dz, u, dhPrev, rows, H, H);
        const swap = dh;
        dh = dhPrev;
        dhPrev = swap;
      }
    }
    matmulTransA(x.data, dzAll, this.dw, rows * T, this.features, H, true);
    const dx = this.dxBuf.get(rows);
    if (needInputGrad) matmulTransB(dzAll, this.w, dx.data, rows * T, H, this.features);
    return dx;
  }
}

/** The CPU executor of the `simple-rnn` layer. */
export const simpleRnnCpu: CpuLayerExecutor<SimpleRnnSettings> = Object.freeze({
  createRunner: (layer: SimpleRnn, ctx: CpuRunnerContext): CpuLayerRunner => new SimpleRnnRunner(layer, ctx),
});
