import { ValidationError } from '../errors';
import type { Loss } from './contract';
import { checkLossArgs } from './check-args';

/** How far a target row's sum may be from 1 (float32 soft labels written as decimals round a little). */
const ROW_SUM_TOLERANCE = 1e-3;

/** Softmax cross-entropy is defined for targets whose rows are probability distributions: in [0, 1], summing to 1. */
function checkProbabilityRows(target: Float32Array, rows: number, cols: number, what: string): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const t = target[r * cols + j];
      if (!(t >= 0 && t <= 1)) {
        throw new ValidationError(
          `${what}: target ${t} at row ${r}, column ${j} is outside [0, 1]; softmax-cross-entropy needs one-hot rows or probability rows (oneHot(labels, classes) makes them)`,
          'INVALID_TARGET',
        );
      }
      sum += t;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new ValidationError(
        `${what}: target row ${r} sums to ${sum}, not 1; softmax-cross-entropy needs one-hot rows or probability rows (oneHot(labels, classes) makes them)`,
        'INVALID_TARGET',
      );
    }
  }
}

/**
 * Softmax cross-entropy on logits, averaged over the rows (PyTorch's `CrossEntropyLoss` with probability targets):
 * per row `−Σ_j t_j · log_softmax(z)_j`, computed with the max subtracted and a log-sum-exp so large logits stay
 * finite. `dL/dz_j = (softmax(z)_j · Σ_k t_k − t_j) / rows`, which is `(softmax − t) / rows` for one-hot targets.
 */
export function softmaxCrossEntropy(): Loss {
  return Object.freeze({
    name: 'softmax-cross-entropy',
    checkTargets: checkProbabilityRows,
    compute(pred: Float32Array, target: Float32Array, grad: Float32Array | null, rows: number, cols: number): number {
      checkLossArgs('softmax-cross-entropy', pred, target, grad, rows, cols);
      const invRows = 1 / rows;
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let max = pred[o];
        for (let j = 1; j < cols; j++) max = Math.max(max, pred[o + j]);
        let sumExp = 0;
        let sumT = 0;
        let dot = 0;
        for (let j = 0; j < cols; j++) {
          const shifted = pred[o + j] - max;
          const e = Math.exp(shifted);
          // Keep exp(z − max) in grad so the gradient pass needs no second exponential.
          if (grad !== null) grad[o + j] = e;
          sumExp += e;
          sumT += target[o + j];
          dot += target[o + j] * shifted;
        }
        // −Σ t_j (z_j − max − lse) = lse · Σt − Σ t_j (z_j − max)
        total += Math.log(sumExp) * sumT - dot;
        if (grad !== null) {
          const scale = sumT / sumExp;
          for (let j = 0; j < cols; j++) grad[o + j] = (grad[o + j] * scale - target[o + j]) * invRows;
        }
      }
      return total * invRows;
    },
  });
}
