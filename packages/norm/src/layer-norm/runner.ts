import { type LayerNormAffine, type LayerNormGrads, type LayerNormSaved, layerNormBackward, layerNormForward } from './cpu';

/**
 * LayerNorm on the CPU over buffers it reuses (output, input gradient, per-row statistics), grown only when the
 * batch grows. Parameters are the caller's arrays.
 */
export class LayerNormRunner {
  private y = new Float32Array(0);
  private dx = new Float32Array(0);
  private saved: LayerNormSaved = { mean: new Float64Array(0), invStd: new Float64Array(0) };
  private x: Float32Array = new Float32Array(0);
  private rows = 0;

  /** @param features - Elements normalised together: the product of the per-sample shape. */
  constructor(
    private readonly features: number,
    private readonly eps: number,
    private readonly affine: LayerNormAffine,
    private readonly grads: LayerNormGrads,
  ) {}

  /** Normalises each of the `batch` samples of `x`; the same in training and inference. */
  forward(x: Float32Array, batch: number): Float32Array {
    if (this.y.length < x.length) {
      this.y = new Float32Array(x.length);
      this.dx = new Float32Array(x.length);
    }
    if (this.saved.mean.length < batch) this.saved = { mean: new Float64Array(batch), invStd: new Float64Array(batch) };
    const y = this.y.length === x.length ? this.y : this.y.subarray(0, x.length);
    layerNormForward(x, y, { rows: batch, features: this.features }, this.eps, this.affine, this.saved);
    this.x = x;
    this.rows = batch;
    return y;
  }

  /** Adds dγ and dβ into the gradient arrays and returns dLoss/dInput (left unspecified when not needed). */
  backward(dy: Float32Array, needInputGrad = true): Float32Array {
    const full = this.dx.length === dy.length ? this.dx : this.dx.subarray(0, dy.length);
    const dims = { rows: this.rows, features: this.features };
    layerNormBackward(this.x, dy, needInputGrad ? full : null, dims, this.affine, this.saved, this.grads);
    return full;
  }
}
