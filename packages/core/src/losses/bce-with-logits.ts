import { ValidationError } from '../errors';
import type { Loss } from './contract';
import { checkLossArgs } from './check-args';

/** Binary cross-entropy is defined for targets that are probabilities: every value in [0, 1]. */
function checkBinaryTargets(target: Float32Array, rows: number, cols: number, what: string): void {
  const n = rows * cols;
  for (let i = 0; i < n; i++) {
    const t = target[i];
    if (!(t >= 0 && t <= 1)) {
      throw new ValidationError(
        `${what}: target ${t} at row ${Math.floor(i / cols)}, column ${i % cols} is outside [0, 1]; bce-with-logits needs 0/1 labels or probabilities`,
        'INVALID_TARGET',
      );
    }
  }
}

/**
 * Binary cross-entropy on logits, averaged over every element (PyTorch's `BCEWithLogitsLoss(reduction='mean')`):
 * per element `max(z, 0) − z·t + log1p(exp(−|z|))`, which never overflows, and `dL/dz = (σ(z) − t) / (rows · cols)`.
 * Targets are 0/1 labels or probabilities in [0, 1].
 */
export function bceWithLogits(): Loss {
  return Object.freeze({
    name: 'bce-with-logits',
    checkTargets: checkBinaryTargets,
    compute(pred: Float32Array, target: Float32Array, grad: Float32Array | null, rows: number, cols: number): number {
      const n = checkLossArgs('bce-with-logits', pred, target, grad, rows, cols);
      const inv = 1 / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const z = pred[i];
        const t = target[i];
        // e = exp(-|z|) in (0, 1]: the only exponential, so nothing overflows for any finite z.
        const e = Math.exp(-Math.abs(z));
        sum += Math.max(z, 0) - z * t + Math.log1p(e);
        if (grad !== null) {
          // σ(z) from e without overflow: 1/(1+e) for z ≥ 0, e/(1+e) for z < 0.
          const s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
          grad[i] = (s - t) * inv;
        }
      }
      return sum * inv;
    },
  });
}
