import { type LayerNormAffine, type LayerNormGrads, type LayerNormSaved, layerNormBackward, layerNormForward } from './cpu';

/**
 * LayerNorm on the CPU between a forward and its backward: keeps the input and the per-row statistics of the last
 * forward (grown only when the batch grows). Outputs go into the caller's buffers; parameters are the caller's.
 */
export class LayerNormRunner {
  private saved: LayerNormSaved = { mean: new Float64Array(0), invStd: new Float64Array(0) };
  private x: Float32Array = new Float32Array(0);
  private rows = 0;

  /**
   * A runner over the caller's arrays.
   * @param features - Elements normalised together: the product of the per-sample shape.
   * @param eps - Added to the variance before the square root.
   * @param affine - γ and β, read.
   * @param grads - dγ and dβ, added to.
   */
  constructor(
    private readonly features: number,
    private readonly eps: number,
    private readonly affine: LayerNormAffine,
    private readonly grads: LayerNormGrads,
  ) {}

  /** Normalises each of the `batch` samples of `x` into `y`; the same in training and inference. */
  forward(x: Float32Array, batch: number, y: Float32Array): void {
    if (this.saved.mean.length < batch) this.saved = { mean: new Float64Array(batch), invStd: new Float64Array(batch) };
    layerNormForward(x, y, { rows: batch, features: this.features }, this.eps, this.affine, this.saved);
    this.x = x;
    this.rows = batch;
  }

  /** Adds dγ and dβ of the last forward into the gradient arrays and writes dLoss/dInput into `dx` unless null. */
  backward(dy: Float32Array, dx: Float32Array | null): void {
    layerNormBackward(this.x, dy, dx, { rows: this.rows, features: this.features }, this.affine, this.saved, this.grads);
  }
}
