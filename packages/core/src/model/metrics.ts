/**
 * Classification accuracy of a batch of predictions, or undefined when the loss is not a classification loss:
 * argmax vs argmax for several outputs, `logit > 0` vs `target > 0.5` for a single `bce-with-logits` output,
 * nothing for `mse`.
 */
export function accuracy(
  lossName: string,
  pred: Float32Array,
  target: Float32Array,
  rows: number,
  cols: number,
): number | undefined {
  if (lossName === 'mse' || rows === 0) return undefined;
  let right = 0;
  if (cols > 1) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let bestP = 0;
      let bestT = 0;
      for (let j = 1; j < cols; j++) {
        if (pred[o + j] > pred[o + bestP]) bestP = j;
        if (target[o + j] > target[o + bestT]) bestT = j;
      }
      if (bestP === bestT) right++;
    }
  } else if (lossName === 'bce-with-logits') {
    for (let r = 0; r < rows; r++) if (pred[r] > 0 === target[r] > 0.5) right++;
  } else {
    return undefined;
  }
  return right / rows;
}
