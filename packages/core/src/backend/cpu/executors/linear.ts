import { ShapeError, ValidationError } from '../../../errors';
import { checkBatchInput } from '../../../layers/check-input';
import type { CpuRunnerContext, Param, RowBuffer } from '../../../layers/contract';
import type { Tensor } from '../../../tensor';
import { matmul, matmulTransA, matmulTransB } from '../matmul';

/**
 * `y = x·W` for `W` of shape `[inputs, units]` on reused buffers: the core of a dense layer and of a residual
 * block's projection. Remembers the last input for the backward pass.
 */
export class LinearCore {
  private readonly out: RowBuffer;
  private readonly dxBuf: RowBuffer;
  private readonly inputs: number;
  private readonly units: number;
  private lastX: Tensor | null = null;

  /**
   * @param label - Names the layer in errors (formatted once, not on the hot path).
   * @param kernel - The `[inputs, units]` weights; the gradient is added into `kernel.grad`.
   */
  constructor(
    private readonly label: string,
    private readonly kernel: Param,
    ctx: CpuRunnerContext,
  ) {
    this.inputs = kernel.shape[0];
    this.units = kernel.shape[1];
    this.out = ctx.buffer([this.units]);
    this.dxBuf = ctx.buffer([this.inputs]);
  }

  /** Checks `x`, writes `x·W` into the output buffer and returns it. */
  forward(x: Tensor): Tensor {
    checkBatchInput(this.label, x, [this.inputs]);
    const rows = x.shape[0];
    const y = this.out.get(rows);
    matmul(x.data, this.kernel.value, y.data, rows, this.inputs, this.units);
    this.lastX = x;
    return y;
  }

  /** Throws unless `dy` matches the last forward's output; returns that forward's input. */
  checkGradient(dy: Tensor): Tensor {
    const x = this.lastX;
    if (!x) throw new ValidationError(`${this.label}: backward was called before forward`);
    checkBatchInput(this.label, dy, [this.units]);
    if (dy.shape[0] !== x.shape[0]) {
      throw new ShapeError(
        `${this.label}: gradient of shape [${dy.shape.join(', ')}] does not match the last output [${x.shape[0]}, ${this.units}]`,
      );
    }
    return x;
  }

  /** Adds `xᵀ·dy` into the kernel gradient and returns `dy·Wᵀ` (left unwritten when `needInputGrad` is false). */
  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const x = this.checkGradient(dy);
    const rows = x.shape[0];
    matmulTransA(x.data, dy.data, this.kernel.grad, rows, this.inputs, this.units, true);
    const dx = this.dxBuf.get(rows);
    if (needInputGrad) matmulTransB(dy.data, this.kernel.value, dx.data, rows, this.units, this.inputs);
    return dx;
  }
}
