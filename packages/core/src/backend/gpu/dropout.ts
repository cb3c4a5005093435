import type { GpuHandle, GpuLayerExecutor, GpuLayerProgram, GpuProgram, GpuStepContext, Layer } from '../../layers/contract';
import { type DropoutSettings, fillDropoutMask } from '../../layers/dropout';

/** `a·m`, element-wise on 2-D arrays. */
const MULTIPLY_2D = 'function (a, m) { return a[this.thread.y][this.thread.x] * m[this.thread.y][this.thread.x]; }';

/** Dropout on the device: the mask is drawn on the host from the layer's generator (as on the CPU) and uploaded. */
class DropoutProgram implements GpuLayerProgram {
  private readonly cols: number;
  private maskHost = new Float32Array(0);
  private mask: GpuHandle = null;

  constructor(
    private readonly rate: number,
    layer: Layer<DropoutSettings>,
  ) {
    this.cols = layer.inputShape.reduce((a, b) => a * b, 1);
  }

  *forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle> {
    this.mask = null;
    if (!step.training || this.rate === 0) return x;
    const n = step.rows * this.cols;
    if (this.maskHost.length !== n) this.maskHost = new Float32Array(n);
    const rng = step.rng;
    fillDropoutMask(this.maskHost, n, this.rate, () => rng.uniform());
    this.mask = yield* step.upload(this.maskHost, step.rows, this.cols);
    return yield* step.run({ source: MULTIPLY_2D, output: [this.cols, step.rows] }, { a: x, m: this.mask });
  }

  *backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle> {
    if (!needInputGrad) return null;
    if (this.mask === null) return dy;
    return yield* step.run({ source: MULTIPLY_2D, output: [this.cols, step.rows] }, { a: dy, m: this.mask });
  }
}

/** The gpu executor of the built-in `dropout` layer. */
export const dropoutGpu: GpuLayerExecutor<DropoutSettings> = Object.freeze({
  plan: (layer: Layer<DropoutSettings>): GpuLayerProgram => new DropoutProgram(layer.settings.rate, layer),
});
