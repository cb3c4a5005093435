import { ValidationError } from '../errors';
import { Tensor } from '../tensor';
import type { OutputHead } from './contract';

/**
 * The head a model's outputs need: the one asked for, else the compiled loss's. Throws a ValidationError when
 * neither says (an uncompiled or `mse` model), naming both fixes.
 */
export function resolveHead(op: string, head: OutputHead | undefined, lossName: string | undefined): OutputHead {
  if (head !== undefined) {
    if (head !== 'softmax' && head !== 'sigmoid') {
      throw new ValidationError(`${op}: head must be 'softmax' or 'sigmoid', got ${JSON.stringify(head)}`);
    }
    return head;
  }
  if (lossName === 'softmax-cross-entropy') return 'softmax';
  if (lossName === 'bce-with-logits') return 'sigmoid';
  throw new ValidationError(
    `${op}: cannot tell how to turn the outputs into probabilities (loss ${JSON.stringify(lossName ?? null)}); compile with 'softmax-cross-entropy' or 'bce-with-logits', or pass { head: 'softmax' | 'sigmoid' }`,
  );
}

/**
 * Probabilities from logits `[rows, cols]`, computed in float64 and rounded once to float32: softmax with the row
 * maximum subtracted (large logits stay finite), or the logistic sigmoid of each output.
 */
export function toProbabilities(logits: Tensor, head: OutputHead): Tensor {
  const rows = logits.shape[0];
  const cols = logits.data.length / rows;
  const z = logits.data;
  const out = new Float32Array(z.length);
  if (head === 'sigmoid') {
    for (let i = 0; i < z.length; i++) out[i] = z[i] >= 0 ? 1 / (1 + Math.exp(-z[i])) : Math.exp(z[i]) / (1 + Math.exp(z[i]));
    return new Tensor(out, logits.shape);
  }
  const e = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = z[o];
    for (let j = 1; j < cols; j++) max = Math.max(max, z[o + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      e[j] = Math.exp(z[o + j] - max);
      sum += e[j];
    }
    for (let j = 0; j < cols; j++) out[o + j] = e[j] / sum;
  }
  return new Tensor(out, logits.shape);
}

/**
 * The predicted class of each row: argmax of the logits for softmax (the first maximum, as `torch.argmax`), and
 * `logit > 0` (probability above 0.5) for a single sigmoid output.
 * @throws ValidationError for a sigmoid head with several outputs (multi-label: threshold the probabilities instead).
 */
export function toClasses(logits: Tensor, head: OutputHead): Int32Array {
  const rows = logits.shape[0];
  const cols = logits.data.length / rows;
  const z = logits.data;
  const out = new Int32Array(rows);
  if (head === 'sigmoid') {
    if (cols !== 1) {
      throw new ValidationError(
        `predictClasses: a sigmoid head with ${cols} outputs is multi-label, so a row has no single class; use predictProbabilities and threshold each output`,
      );
    }
    for (let r = 0; r < rows; r++) out[r] = z[r] > 0 ? 1 : 0;
    return out;
  }
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    for (let j = 1; j < cols; j++) if (z[o + j] > z[o + best]) best = j;
    out[r] = best;
  }
  return out;
}
