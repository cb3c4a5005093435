import { ValidationError } from '../../../errors';
import { checkBatchInput } from '../../../layers/check-input';
import type { CpuLayerExecutor, CpuLayerRunner, CpuRunnerContext, RowBuffer } from '../../../layers/contract';
import type { Residual, ResidualSettings } from '../../../layers/residual';
import type { Tensor } from '../../../tensor';
import { LinearCore } from './linear';

/** A residual block on the CPU: the body's runners in order, the skip (identity or projection), and their sum. */
class ResidualRunner implements CpuLayerRunner {
  private readonly body: readonly CpuLayerRunner[];
  private readonly projection: LinearCore | null;
  private readonly inputShape: readonly number[];
  private readonly out: RowBuffer;
  private readonly dxBuf: RowBuffer;
  private lastX: Tensor | null = null;

  constructor(layer: Residual, ctx: CpuRunnerContext) {
    this.body = layer.children().map((child) => ctx.runner(child));
    const kernel = layer.params()[0];
    this.projection = kernel ? new LinearCore('residual projection', kernel, ctx) : null;
    this.inputShape = layer.inputShape;
    this.out = ctx.buffer(layer.outputShape);
    this.dxBuf = ctx.buffer(layer.inputShape);
  }

  forward(x: Tensor, training: boolean): Tensor {
    checkBatchInput('residual', x, this.inputShape);
    let h = x;
    for (let i = 0; i < this.body.length; i++) h = this.body[i].forward(h, training);
    const skip = this.projection ? this.projection.forward(x) : x;
    const out = this.out.get(x.shape[0]);
    const o = out.data;
    const a = h.data;
    const b = skip.data;
    for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
    this.lastX = x;
    return out;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError('residual: backward was called before forward');
    let g = dy;
    for (let i = this.body.length - 1; i >= 0; i--) g = this.body[i].backward(g, i > 0 || needInputGrad);
    const skip = this.projection ? this.projection.backward(dy, needInputGrad) : dy;
    const dx = this.dxBuf.get(x.shape[0]);
    if (!needInputGrad) return dx;
    const o = dx.data;
    const a = g.data;
    const b = skip.data;
    for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i];
    return dx;
  }
}

/** The CPU executor of the built-in `residual` block. */
export const residualCpu: CpuLayerExecutor<ResidualSettings> = Object.freeze({
  createRunner: (layer: Residual, ctx: CpuRunnerContext): CpuLayerRunner => new ResidualRunner(layer, ctx),
});
