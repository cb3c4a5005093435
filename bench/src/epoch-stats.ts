import { argmax } from './mlp/weights';

/** The fraction of rows whose largest of 10 logits is at the row's label. */
export function accuracy(logits: Float32Array, labels: Uint8Array): number {
  let right = 0;
  for (let r = 0; r < labels.length; r++) if (argmax(logits, r * 10, 10) === labels[r]) right++;
  return right / labels.length;
}

/** The median of `a` (the mean of the middle two for an even count). */
export function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
