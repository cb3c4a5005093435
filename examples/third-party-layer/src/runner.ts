import { type MaxoutDims, type MaxoutGrads, type MaxoutWeights, maxoutBackward, maxoutForward } from './cpu-kernels';

/** Maxout on the CPU over buffers it reuses (output, winners, input gradient), grown only when the batch grows. */
export class MaxoutRunner {
  private y = new Float32Array(0);
  private dx = new Float32Array(0);
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

  /** `[batch, inputs]` → `[batch, units]`; the same in training and inference. */
  forward(x: Float32Array, batch: number): Float32Array {
    const n = batch * this.units;
    if (this.y.length !== n) {
      this.y = new Float32Array(n);
      this.winner = new Int32Array(n);
      this.dx = new Float32Array(batch * this.inputs);
    }
    maxoutForward(x, this.y, this.winner, this.dims(batch), this.weights);
    this.x = x;
    this.batch = batch;
    return this.y;
  }

  /** Adds the kernel and bias gradients and returns dLoss/dInput (unspecified when not needed). */
  backward(dy: Float32Array, needInputGrad = true): Float32Array {
    maxoutBackward(this.x, dy, needInputGrad ? this.dx : null, this.winner, this.dims(this.batch), this.weights, this.grads);
    return this.dx;
  }
}
