import { ShapeError } from '@rectify/core';
import {
  type BatchNormAffine,
  type BatchNormGrads,
  type BatchNormHyper,
  type BatchNormRunning,
  type BatchNormSaved,
  batchNormBackwardInference,
  batchNormBackwardTraining,
  batchNormForwardInference,
  batchNormForwardTraining,
} from './cpu';

/**
 * BatchNorm on the CPU between a forward and its backward: keeps the input and the batch statistics of the last
 * forward. Outputs go into the caller's buffers; parameters and running statistics are the caller's arrays, read
 * and updated in place.
 */
export class BatchNormRunner {
  private readonly saved: BatchNormSaved;
  private x: Float32Array = new Float32Array(0);
  private batch = 0;
  private training = false;

  /**
   * A runner over the caller's arrays.
   * @param channels - C, dimension 1 of the input.
   * @param spatial - Elements per channel per sample (1 for `[N, C]`).
   * @param hyper - eps and momentum.
   * @param affine - γ and β, read.
   * @param grads - dγ and dβ, added to.
   * @param running - The running statistics, updated in training.
   */
  constructor(
    private readonly channels: number,
    private readonly spatial: number,
    private readonly hyper: BatchNormHyper,
    private readonly affine: BatchNormAffine,
    private readonly grads: BatchNormGrads,
    private readonly running: BatchNormRunning,
  ) {
    this.saved = { mean: new Float64Array(channels), invStd: new Float64Array(channels) };
  }

  /**
   * Normalises `x` (`[batch, channels, spatial]`) into `y`. Training uses batch statistics and moves the running
   * ones; inference uses the running ones.
   * @throws ShapeError in training when a channel has a single value (PyTorch refuses it too).
   */
  forward(x: Float32Array, batch: number, training: boolean, y: Float32Array): void {
    const dims = { batch, channels: this.channels, spatial: this.spatial };
    if (training && batch * this.spatial < 2) {
      throw new ShapeError(
        `batch-norm: training needs more than one value per channel, got batch ${batch} × ${this.spatial} per channel; train with a batch of at least 2, or use layer-norm`,
      );
    }
    if (training) batchNormForwardTraining(x, y, dims, this.hyper, this.affine, this.running, this.saved);
    else batchNormForwardInference(x, y, dims, this.hyper, this.affine, this.running);
    this.x = x;
    this.batch = batch;
    this.training = training;
  }

  /** Adds dγ and dβ of the last forward into the gradient arrays and writes dLoss/dInput into `dx` unless null. */
  backward(dy: Float32Array, dx: Float32Array | null): void {
    const dims = { batch: this.batch, channels: this.channels, spatial: this.spatial };
    if (this.training) batchNormBackwardTraining(this.x, dy, dx, dims, this.affine, this.saved, this.grads);
    else batchNormBackwardInference(this.x, dy, dx, dims, this.hyper, this.affine, this.running, this.grads);
  }
}
