import type { CpuLayerExecutor, CpuLayerRunner, CpuRunnerContext, RowBuffer } from '../../../layers/contract';
import { type Dropout, type DropoutSettings, fillDropoutMask } from '../../../layers/dropout';
import { checkBatchInput } from '../../../layers/check-input';
import type { Rng } from '../../../random';
import type { Tensor } from '../../../tensor';

/** Dropout on the CPU: a fresh mask per training forward, `y = x·m`, `dx = dy·m`; inference copies `x`. */
class DropoutRunner implements CpuLayerRunner {
  private readonly rate: number;
  private readonly shape: readonly number[];
  private readonly out: RowBuffer;
  private readonly dxBuf: RowBuffer;
  private readonly maskBuf: RowBuffer;
  private readonly next: () => number;
  private mask: Tensor | null = null;

  constructor(layer: Dropout, ctx: CpuRunnerContext) {
    this.rate = layer.settings.rate;
    this.shape = layer.inputShape;
    this.out = ctx.buffer(this.shape);
    this.dxBuf = ctx.buffer(this.shape);
    this.maskBuf = ctx.buffer(this.shape);
    // The generator is forked from the model's on the first training step (as on the gpu backend), so a session
    // that only predicts leaves the model's stream alone.
    let rng: Rng | null = null;
    this.next = () => {
      rng ??= ctx.rng;
      return rng.uniform();
    };
  }

  forward(x: Tensor, training: boolean): Tensor {
    checkBatchInput('dropout', x, this.shape);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    const xd = x.data;
    const yd = y.data;
    const n = xd.length;
    if (!training || this.rate === 0) {
      yd.set(xd);
      this.mask = null;
      return y;
    }
    const mask = this.maskBuf.get(rows);
    fillDropoutMask(mask.data, n, this.rate, this.next);
    const m = mask.data;
    for (let i = 0; i < n; i++) yd[i] = xd[i] * m[i];
    this.mask = mask;
    return y;
  }

  backward(dy: Tensor, _needInputGrad: boolean): Tensor {
    const dx = this.dxBuf.get(dy.shape[0]);
    const mask = this.mask;
    if (!mask) {
      dx.data.set(dy.data);
      return dx;
    }
    const d = dy.data;
    const m = mask.data;
    const o = dx.data;
    for (let i = 0; i < o.length; i++) o[i] = d[i] * m[i];
    return dx;
  }
}

/** The CPU executor of the built-in `dropout` layer. */
export const dropoutCpu: CpuLayerExecutor<DropoutSettings> = Object.freeze({
  createRunner: (layer: Dropout, ctx: CpuRunnerContext): CpuLayerRunner => new DropoutRunner(layer, ctx),
});
