import { ShapeError, ValidationError } from '../errors';
import { Tensor } from '../tensor';
import type { Targets } from './contract';

/**
 * Turns class-index targets into the one-hot tensor the loss takes; a tensor passes through unchanged. One-hot rows
 * make the loss, its gradient and every metric identical, bit for bit, to training on one-hot targets. Every label
 * is checked before anything is allocated.
 * @throws ValidationError when the loss is not `softmax-cross-entropy`, or a label is not an integer in
 * `[0, classes)`; ShapeError when the model does not output one row of class scores.
 */
export function resolveTargets(op: string, y: Targets, outputShape: readonly number[], lossName: string | undefined): Tensor {
  if (y instanceof Tensor) return y;
  if (!(y instanceof Int32Array) && !Array.isArray(y)) {
    throw new ValidationError(
      `${op}: y must be a Tensor, or class indices as an Int32Array or number[] (softmax-cross-entropy only)`,
      'NOT_A_TENSOR',
    );
  }
  if (lossName !== 'softmax-cross-entropy') {
    throw new ValidationError(
      `${op}: class-index targets need loss 'softmax-cross-entropy' (the model is compiled with ${JSON.stringify(lossName ?? null)}); pass a target tensor shaped like the outputs instead`,
    );
  }
  if (outputShape.length !== 1 || outputShape[0] < 2) {
    throw new ShapeError(
      `${op}: class-index targets need a model with one row of class scores ([batch, classes], classes ≥ 2), this one outputs [batch, ${outputShape.join(', ')}]`,
    );
  }
  const classes = outputShape[0];
  const rows = y.length;
  if (rows === 0) throw new ShapeError(`${op}: y has no labels; give one class index per input row`);
  for (let i = 0; i < rows; i++) {
    const label = y[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ValidationError(
        `${op}: label ${i} is ${String(label)}, but the model has ${classes} classes; every label must be an integer in [0, ${classes - 1}]`,
        'LABEL_OUT_OF_RANGE',
      );
    }
  }
  const data = new Float32Array(rows * classes);
  for (let i = 0; i < rows; i++) data[i * classes + y[i]] = 1;
  return new Tensor(data, [rows, classes]);
}
