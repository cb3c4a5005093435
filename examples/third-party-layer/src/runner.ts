import { type MaxoutDims, type MaxoutGrads, type MaxoutWeights, maxoutBackward, maxoutForward } from './cpu-kernels';

/**
 * Maxout on the CPU between a forward and its backward: keeps the input and the winning pieces of the last forward
 * (grown only when the batch grows). Outputs go into the caller's buffers; weights are the caller's arrays.
 */
export class MaxoutRunner {
  private winner = new Int32Array(0);
  private x: Float32Array = new Float32Array(0);
  private batch = 0;

  constructor(
    private readonly inputs: number,
    private readonly units: number,
    private readonly pieces: number,
    private readonly weights: MaxoutWeights,
    private readonly grads: MaxoutGrads,
  ) {}

  private dims(batch: number): MaxoutDims {
    return { batch, inputs: this.inputs, units: this.units, pieces: this.pieces };
  }

  /** `x` `[batch, inputs]` → `y` `[batch, units]`; the same in training and inference. */
  forward(x: Float32Array, batch: number, y: Float32Array): void {
    if (this.winner.length < batch * this.units) this.winner = new Int32Array(batch * this.units);
    maxoutForward(x, y, this.winner, this.dims(batch), this.weights);
    this.x = x;
    this.batch = batch;
  }

  /** Adds the kernel and bias gradients of the last forward and writes dLoss/dInput into `dx` unless null. */
  backward(dy: Float32Array, dx: Float32Array | null): void {
    maxoutBackward(this.x, dy, dx, this.winner, this.dims(this.batch), this.weights, this.grads);
  }
}
