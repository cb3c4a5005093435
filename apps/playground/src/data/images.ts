import { Rng, ValidationError } from '@rectify/core';
import { BARS_SIDE } from '../state/conv-stages';
import type { DatasetSpec } from '../state/types';
import { splitRows } from './generate';
import type { Dataset } from './types';

/** Classes of the bars-and-stripes set, in label order. */
export const BARS_CLASSES = ['horizontal bar', 'vertical bar', 'horizontal stripes', 'vertical stripes'] as const;

/** Most samples the bars-and-stripes set generates. */
export const BARS_MAX_SAMPLES = 20_000;

/** Draws one bar of thickness 2 at a random place, `length` ≥ half the side, on row-major image `img`. */
function bar(img: Float32Array, horizontal: boolean, rng: Rng): void {
  const s = BARS_SIDE;
  const across = rng.int(s - 1);
  const length = s / 2 + rng.int(s / 2 + 1);
  const along = rng.int(s - length + 1);
  for (let t = 0; t < 2; t++) {
    for (let k = along; k < along + length; k++) {
      const [r, c] = horizontal ? [across + t, k] : [k, across + t];
      img[r * s + c] = 1;
    }
  }
}

/** Draws stripes one pixel wide, period 3 or 4, at a random phase, over the whole image. */
function stripes(img: Float32Array, horizontal: boolean, rng: Rng): void {
  const s = BARS_SIDE;
  const period = 3 + rng.int(2);
  const phase = rng.int(period);
  for (let r = 0; r < s; r++) {
    for (let c = 0; c < s; c++) if (((horizontal ? r : c) + phase) % period === 0) img[r * s + c] = 1;
  }
}

/**
 * Generates the bars-and-stripes image set: `spec.samples` 1×12×12 images in four balanced classes
 * ({@link BARS_CLASSES}) at random positions and phases, plus Gaussian pixel noise of std `0.5 · spec.noise`, from
 * the seeded Rng of core. A fast data set for convolutional demos: a small CNN learns it in a few hundred steps.
 */
export function generateBars(spec: DatasetSpec): Dataset {
  const n = spec.samples;
  if (!Number.isInteger(n) || n < 8 || n > BARS_MAX_SAMPLES) {
    throw new ValidationError(`bars and stripes needs an integer of 8 to ${BARS_MAX_SAMPLES} samples; got ${n}`);
  }
  const rng = new Rng(spec.seed);
  const pixels = BARS_SIDE * BARS_SIDE;
  const classes = BARS_CLASSES.length;
  const x = new Float32Array(n * pixels);
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    const img = x.subarray(i * pixels, (i + 1) * pixels);
    if (label < 2) bar(img, label === 0, rng);
    else stripes(img, label === 2, rng);
    if (spec.noise > 0) for (let p = 0; p < pixels; p++) img[p] += 0.5 * spec.noise * rng.normal();
    y[i * classes + label] = 1;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const nTrain = Math.max(1, Math.min(n - 1, Math.round(n * spec.trainFraction)));
  const [train, test] = splitRows(x, y, order, pixels, classes, nTrain);
  return { name: 'bars', task: 'multiclass', inputDim: pixels, outputDim: classes, train, test };
}
