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
    const F = this.features;
    const H = this.units;
    const xd = x.data;
    const w = this.w;
    const u = this.u;
    const b = this.b;
    this.act.length = rows * H;
    for (let t = 0; t < T; t++) {
      const z = this.zSteps[t];
      const prev = t > 0 ? this.hSteps[t - 1] : null;
      for (let n = 0; n < rows; n++) {
        const o = n * H;
        for (let j = 0; j < H; j++) z[o + j] = b[j];
        const xo = (n * T + t) * F;
        for (let f = 0; f < F; f++) {
          const xv = xd[xo + f];
          const wo = f * H;
          for (let j = 0; j < H; j++) z[o + j] += xv * w[wo + j];
        }
        if (prev) {
          for (let k = 0; k < H; k++) {
            const hv = prev[o + k];
            const uo = k * H;
            for (let j = 0; j < H; j++) z[o + j] += hv * u[uo + j];
          }
        }
      }
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
      yd.set(this.hSteps[T - 1].subarray(0, rows * H));
    }
    this.lastX = x;
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError(`${this.label}: backward was called before forward`);
    const rows = x.shape[0];
    const T = this.steps;
    const F = this.features;
    const H = this.units;
    const expected = this.sequences ? rows * T * H : rows * H;
    if (dy.data.length !== expected || dy.shape[0] !== rows) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last output [${rows}, ${this.sequences ? `${T}, ` : ''}${H}]`,
      );
    }
    this.viewsFor(rows);
    const xd = x.data;
    const dyd = dy.data;
    const w = this.w;
    const u = this.u;
    const dw = this.dw;
    const du = this.du;
    const db = this.db;
    let dh = this.dhBuf.get(rows).data;
    let dhPrev = this.dhPrevBuf.get(rows).data;
    const dz = this.dzBuf.get(rows).data;
    const dx = this.dxBuf.get(rows);
    const dxd = dx.data;
    const m = rows * H;
    dh.fill(0, 0, m);
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
      const prev = t > 0 ? this.hSteps[t - 1] : null;
      for (let n = 0; n < rows; n++) {
        const o = n * H;
        for (let j = 0; j < H; j++) db[j] += dz[o + j];
        const xo = (n * T + t) * F;
        for (let f = 0; f < F; f++) {
          const xv = xd[xo + f];
          const wo = f * H;
          for (let j = 0; j < H; j++) dw[wo + j] += xv * dz[o + j];
        }
        if (prev) {
          for (let k = 0; k < H; k++) {
            const hv = prev[o + k];
            const uo = k * H;
            let s = 0;
            for (let j = 0; j < H; j++) {
              du[uo + j] += hv * dz[o + j];
              s += dz[o + j] * u[uo + j];
            }
            dhPrev[o + k] = s;
          }
        }
        if (needInputGrad) {
          for (let f = 0; f < F; f++) {
            const wo = f * H;
            let s = 0;
            for (let j = 0; j < H; j++) s += dz[o + j] * w[wo + j];
            dxd[xo + f] = s;
          }
        }
      }
      const swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }
    return dx;
  }
}

/** The CPU executor of the `simple-rnn` layer. */
export const simpleRnnCpu: CpuLayerExecutor<SimpleRnnSettings> = Object.freeze({
  createRunner: (layer: SimpleRnn, ctx: CpuRunnerContext): CpuLayerRunner => new SimpleRnnRunner(layer, ctx),
});
