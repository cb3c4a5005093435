import type { CpuLayerExecutor, CpuLayerRunner, CpuRunnerContext, RowEpilogueRunner } from '../../../layers/contract';
import type { Dense, DenseSettings } from '../../../layers/dense';
import type { Tensor } from '../../../tensor';
import { LinearCore } from './linear';

/** A dense layer on the CPU: `x·W` through the matrix kernels, then the bias row by row. */
class DenseRunner implements CpuLayerRunner, RowEpilogueRunner {
  readonly rowEpilogue: RowEpilogueRunner = this;
  private readonly linear: LinearCore;
  private readonly bias: Float32Array | null;
  private readonly biasGrad: Float32Array | null;
  private readonly units: number;

  constructor(layer: Dense, ctx: CpuRunnerContext) {
    this.units = layer.settings.units;
    this.linear = new LinearCore(`dense(${this.units})`, layer.param('kernel'), ctx);
    const bias = layer.settings.useBias ? layer.param('bias') : null;
    this.bias = bias?.value ?? null;
    this.biasGrad = bias?.grad ?? null;
  }

  forward(x: Tensor, training: boolean): Tensor {
    const y = this.forwardCore(x, training);
    this.forwardEpilogue(y, 0, x.shape[0]);
    return y;
  }

  forwardCore(x: Tensor, _training: boolean): Tensor {
    return this.linear.forward(x);
  }

  forwardEpilogue(y: Tensor, start: number, end: number): void {
    const b = this.bias;
    if (!b) return;
    const yd = y.data;
    const units = this.units;
    for (let r = start; r < end; r++) {
      const o = r * units;
      for (let j = 0; j < units; j++) yd[o + j] += b[j];
    }
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    this.linear.checkGradient(dy);
    this.backwardEpilogue(dy, 0, dy.shape[0]);
    return this.backwardCore(dy, needInputGrad);
  }

  /** Row by row, in order, so row blocks taken in order sum to the same bits as one sweep. */
  backwardEpilogue(dy: Tensor, start: number, end: number): void {
    const g = this.biasGrad;
    if (!g) return;
    const d = dy.data;
    const units = this.units;
    for (let r = start; r < end; r++) {
      const o = r * units;
      for (let j = 0; j < units; j++) g[j] += d[o + j];
    }
  }

  backwardCore(dy: Tensor, needInputGrad: boolean): Tensor {
    return this.linear.backward(dy, needInputGrad);
  }
}

/** The CPU executor of the built-in `dense` layer. */
export const denseCpu: CpuLayerExecutor<DenseSettings> = Object.freeze({
  createRunner: (layer: Dense, ctx: CpuRunnerContext): CpuLayerRunner => new DenseRunner(layer, ctx),
});
