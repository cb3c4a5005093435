import type { GpuHandle, GpuLayerExecutor, GpuLayerProgram, GpuProgram, GpuStepContext, Layer } from '../../layers/contract';
import type { DenseSettings } from '../../layers/dense';
import { DENSE_FORWARD, DENSE_FORWARD_NO_BIAS, DENSE_GRAD_BIAS, DENSE_GRAD_INPUT, DENSE_GRAD_KERNEL } from './dense-kernels';

/**
 * `y = x·W (+ b)` on the device for a `[inputs, units]` kernel parameter called `kernel` (a residual block's
 * `projection.kernel` too), remembering `x` for the backward pass.
 */
export class LinearProgram implements GpuLayerProgram {
  private x: GpuHandle = null;

  constructor(
    private readonly inputs: number,
    private readonly units: number,
    private readonly kernel: string,
    private readonly bias: string | null,
  ) {}

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    this.x = x;
    const w = step.param(this.kernel);
    const output = [this.units, step.rows];
    const constants = { inputs: this.inputs };
    if (!this.bias) return yield* step.run({ source: DENSE_FORWARD_NO_BIAS, output, constants }, { x, w });
    return yield* step.run({ source: DENSE_FORWARD, output, constants }, { x, w, b: step.param(this.bias) });
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    const rows = step.rows;
    const x = this.x;
    const gk = { source: DENSE_GRAD_KERNEL, output: [this.units, this.inputs], constants: { rows } };
    step.setGrad(this.kernel, yield* step.run(gk, { x, dy }));
    if (this.bias) {
      const gb = { source: DENSE_GRAD_BIAS, output: [this.units], constants: { rows } };
      step.setGrad(this.bias, yield* step.run(gb, { dy }));
    }
    if (!needInputGrad) return null;
    const gx = { source: DENSE_GRAD_INPUT, output: [this.inputs, rows], constants: { units: this.units } };
    return yield* step.run(gx, { dy, w: step.param(this.kernel) });
  }
}

/** The gpu executor of the built-in `dense` layer. */
export const denseGpu: GpuLayerExecutor<DenseSettings> = Object.freeze({
  plan: (layer: Layer<DenseSettings>): GpuLayerProgram =>
    new LinearProgram(layer.inputShape[0], layer.settings.units, 'kernel', layer.settings.useBias ? 'bias' : null),
});
