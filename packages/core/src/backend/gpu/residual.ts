import type {
  GpuHandle,
  GpuLayerExecutor,
  GpuLayerProgram,
  GpuPlanContext,
  GpuProgram,
  GpuStepContext,
  Layer,
} from '../../layers/contract';
import type { ResidualSettings } from '../../layers/residual';
import { LinearProgram } from './dense';
import { ADD_2D } from './dense-kernels';

/** A residual block on the device: the body's programs, the skip (identity or projection), and their sum. */
class ResidualProgram implements GpuLayerProgram {
  private readonly body: readonly GpuLayerProgram[];
  private readonly projection: LinearProgram | null;
  private readonly cols: number;
  private readonly inCols: number;

  constructor(layer: Layer<ResidualSettings>, ctx: GpuPlanContext) {
    this.body = layer.children().map((child, i) => ctx.child(child, i));
    const kernel = layer.params()[0];
    this.projection = kernel ? new LinearProgram(kernel.shape[0], kernel.shape[1], kernel.name, null) : null;
    this.cols = layer.outputShape.reduce((a, b) => a * b, 1);
    this.inCols = layer.inputShape.reduce((a, b) => a * b, 1);
  }

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    let h = x;
    for (const child of this.body) h = yield* child.forward(h, step);
    const skip = this.projection ? yield* this.projection.forward(x, step) : x;
    return yield* step.run({ source: ADD_2D, output: [this.cols, step.rows] }, { a: h, b: skip });
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    let g = dy;
    for (let i = this.body.length - 1; i >= 0; i--) g = yield* this.body[i].backward(g, step, needInputGrad || i > 0);
    const skip = this.projection ? yield* this.projection.backward(dy, step, needInputGrad) : dy;
    if (!needInputGrad) return null;
    return yield* step.run({ source: ADD_2D, output: [this.inCols, step.rows] }, { a: g, b: skip });
  }
}

/** The gpu executor of the built-in `residual` block. */
export const residualGpu: GpuLayerExecutor<ResidualSettings> = Object.freeze({
  plan: (layer: Layer<ResidualSettings>, ctx: GpuPlanContext): GpuLayerProgram => new ResidualProgram(layer, ctx),
});
