import { ValidationError } from '../errors';
import { Tensor } from '../tensor';

/**
 * One-hot encodes class labels into a `[labels.length, classes]` tensor, the target format of
 * {@link softmaxCrossEntropy}. Throws a ValidationError naming the first label that is not an integer in
 * `[0, classes)`.
 * @example oneHot([2, 0], 3) // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike<number>, classes: number): Tensor {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new ValidationError(`oneHot: classes must be a positive integer, got ${classes}`);
  }
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new ValidationError('oneHot: labels must be an array or typed array of class indices');
  }
  const n = labels.length;
  const data = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ValidationError(
        `oneHot: label ${i} is ${label}; every label must be an integer class index in [0, ${classes - 1}]`,
      );
    }
    data[i * classes + label] = 1;
  }
  return new Tensor(data, [n, classes]);
}
