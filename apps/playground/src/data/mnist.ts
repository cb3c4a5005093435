import { Rng, ValidationError } from '@rectify/core';
import type { DatasetSpec } from '../state/types';
import { splitRows } from './generate';
import type { Dataset } from './types';

/** Pixels per MNIST image (28 × 28). */
export const MNIST_PIXELS = 784;

/** Returns the flat pixel array (values in [0, 1], 784 per image) of every sample of one digit. */
export type DigitSource = (digit: number) => Promise<ArrayLike<number>>;

/** Called after each digit's file is loaded: `loaded` of 10. */
export type MnistProgress = (loaded: number, total: number) => void;

/**
 * Builds an MNIST data set of `spec.samples` images (the same number per digit, drawn with the seeded Rng),
 * loading the ten digit files one by one through `source` and reporting progress after each.
 */
export async function loadMnist(spec: DatasetSpec, source: DigitSource, onProgress?: MnistProgress): Promise<Dataset> {
  const perDigit = Math.floor(spec.samples / 10);
  if (perDigit < 1) throw new ValidationError(`MNIST needs at least 10 samples (one per digit); got ${spec.samples}`);
  const rng = new Rng(spec.seed);
  const n = perDigit * 10;
  const x = new Float32Array(n * MNIST_PIXELS);
  const y = new Float32Array(n * 10);
  for (let d = 0; d < 10; d++) {
    const raw = await source(d);
    const available = Math.floor(raw.length / MNIST_PIXELS);
    if (available < perDigit) {
      throw new ValidationError(`MNIST digit ${d} has ${available} images; ask for at most ${available * 10} samples`);
    }
    const pick = new Uint32Array(available);
    for (let i = 0; i < available; i++) pick[i] = i;
    rng.shuffle(pick);
    for (let k = 0; k < perDigit; k++) {
      const row = d * perDigit + k;
      const from = pick[k] * MNIST_PIXELS;
      for (let j = 0; j < MNIST_PIXELS; j++) x[row * MNIST_PIXELS + j] = raw[from + j];
      y[row * 10 + d] = 1;
    }
    onProgress?.(d + 1, 10);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const nTrain = Math.max(1, Math.min(n - 1, Math.round(n * spec.trainFraction)));
  const [train, test] = splitRows(x, y, order, MNIST_PIXELS, 10, nTrain);
  return { name: 'mnist', task: 'multiclass', inputDim: MNIST_PIXELS, outputDim: 10, train, test };
}
