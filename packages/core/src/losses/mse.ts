import type { Loss } from './contract';
import { checkLossArgs } from './check-args';

/**
 * Mean squared error, averaged over every element of the batch (PyTorch's `MSELoss(reduction='mean')`):
 * `L = Σ (pred − target)² / (rows · cols)`, so `dL/dpred = 2 (pred − target) / (rows · cols)`.
 */
export function mse(): Loss {
  return Object.freeze({
    name: 'mse',
    compute(pred: Float32Array, target: Float32Array, grad: Float32Array | null, rows: number, cols: number): number {
      const n = checkLossArgs('mse', pred, target, grad, rows, cols);
      const scale = 2 / n;
      let sum = 0;
      if (grad === null) {
        for (let i = 0; i < n; i++) {
          const d = pred[i] - target[i];
          sum += d * d;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const d = pred[i] - target[i];
          sum += d * d;
          grad[i] = scale * d;
        }
      }
      return sum / n;
    },
  });
}
