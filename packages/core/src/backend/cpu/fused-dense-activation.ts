import type { ActivationLayer } from '../../layers/activation-layer';
import type { Dense } from '../../layers/dense';
import type { Tensor } from '../../tensor';

/**
 * A dense layer and the activation layer right after it, run as one pass: the bias and the activation go over the
 * matrix product one row block at a time, while the block is in cache, instead of in two full sweeps. Every
 * element sees the same float32 operations in the same order as the two layers run one after the other, so the
 * results are bit-identical as long as the activation's kernels are element-wise as the plugin contract says
 * (blocks start at row boundaries, so the channel of each element is unchanged); the layers keep their own buffers
 * and state, so `backward` of either still works.
 */
export class FusedDenseActivation {
  /**
   * @param dense - The dense layer.
   * @param act - The activation layer that consumes its output.
   */
  constructor(
    readonly dense: Dense,
    readonly act: ActivationLayer,
  ) {}

  /** Both layers' forward: `act(x·W + b)`. */
  forward(x: Tensor): Tensor {
    const dense = this.dense;
    const act = this.act;
    const z = dense.forwardLinear(x);
    const y = act.beginForward(z);
    const blocks = act.blockCount;
    for (let b = 0, start = 0; b < blocks; b++) {
      const end = start + act.rowsInBlock(b);
      dense.addBiasRows(z, start, end);
      act.forwardBlock(b);
      start = end;
    }
    return y;
  }

  /**
   * Both layers' backward. When the activation's gradient is element-wise (no learnable parameters), the bias
   * gradient sums each block of the activation's input gradient right after it is computed.
   */
  backward(dy: Tensor, needInputGrad: boolean): Tensor {
    const dense = this.dense;
    const act = this.act;
    if (!act.blockwiseBackward) return dense.backward(act.backward(dy), needInputGrad);
    const dz = act.beginBackward(dy);
    const blocks = act.blockCount;
    for (let b = 0, start = 0; b < blocks; b++) {
      const end = start + act.rowsInBlock(b);
      act.backwardBlock(b);
      dense.addBiasGradRows(dz, start, end);
      start = end;
    }
    return dense.backwardLinear(dz, needInputGrad);
  }
}
