import { BCE_GRAD, BCE_VALUE, MSE_GRAD, MSE_VALUE, SOFTMAX_CE_GRAD, SOFTMAX_CE_VALUE } from './kernels/loss';

/** One loss on the device: its gradient and value kernels, and the gradient's scale argument by name. */
export interface GpuLoss {
  /** `(p, t, <scale>)` → dLoss/dp, `[cols, rows]`. */
  readonly grad: string;
  /** `(p, t)` → the mean loss, `[1]`. */
  readonly value: string;
  /** The gradient kernel's scalar arguments for a `[rows, cols]` batch. */
  readonly gradArgs: (rows: number, cols: number) => Readonly<Record<string, number>>;
}

/** The losses the gpu backend runs, by name: adding one is one entry. */
export const GPU_LOSSES: Readonly<Record<string, GpuLoss>> = Object.freeze({
  mse: { grad: MSE_GRAD, value: MSE_VALUE, gradArgs: (r, c) => ({ scale: 2 / (r * c) }) },
  'bce-with-logits': { grad: BCE_GRAD, value: BCE_VALUE, gradArgs: (r, c) => ({ inv: 1 / (r * c) }) },
  'softmax-cross-entropy': { grad: SOFTMAX_CE_GRAD, value: SOFTMAX_CE_VALUE, gradArgs: (r) => ({ invRows: 1 / r }) },
});
