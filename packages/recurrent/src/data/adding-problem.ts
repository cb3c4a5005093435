import { ShapeError, Tensor, ValidationError, createRng } from '@rectify/core';

/** Options of {@link addingProblem}. */
export interface AddingProblemOptions {
  /** Number of sequences, a positive integer. */
  readonly samples: number;
  /** Sequence length T, an integer ≥ 2. */
  readonly length: number;
  /** Seed of the generator (an integer in [0, 2^32)). Default 0. */
  readonly seed?: number;
}

/** Sequences and targets of the adding problem. */
export interface AddingProblemData {
  /** `[samples, length, 2]`: a value uniform in [0, 1) and a marker (0 or 1) per step. */
  readonly x: Tensor;
  /** `[samples, 1]`: the sum of the two marked values. */
  readonly y: Tensor;
}

/**
 * The adding problem (Hochreiter and Schmidhuber 1997, as in Le, Jaitly and Hinton 2015): each step carries a
 * random value and a marker; exactly two steps are marked, one in the first half and one in the second, and the
 * target is the sum of their values. Always answering 1 scores an MSE of 1/6 ≈ 0.167 (the variance of the sum of
 * two uniform values), the baseline a model must beat. Seeded: the same options give the same data.
 * @throws ValidationError when `samples` is not a positive integer or `length` is not an integer ≥ 2.
 */
export function addingProblem(options: AddingProblemOptions): AddingProblemData {
  const { samples, length, seed = 0 } = options;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new ValidationError(`addingProblem: samples must be a positive integer, got ${String(samples)}`);
  }
  if (!Number.isInteger(length) || length < 2) {
    throw new ValidationError(`addingProblem: length must be an integer >= 2 (one marker in each half), got ${String(length)}`);
  }
  if (samples * length * 2 > 2 ** 28) {
    throw new ShapeError(`addingProblem: ${samples} sequences of ${length} steps is too large; generate it in smaller parts`);
  }
  const rng = createRng(seed);
  const x = new Float32Array(samples * length * 2);
  const y = new Float32Array(samples);
  const half = Math.floor(length / 2);
  for (let n = 0; n < samples; n++) {
    const o = n * length * 2;
    for (let t = 0; t < length; t++) x[o + 2 * t] = rng.uniform();
    const first = rng.int(half);
    const second = half + rng.int(length - half);
    x[o + 2 * first + 1] = 1;
    x[o + 2 * second + 1] = 1;
    y[n] = x[o + 2 * first] + x[o + 2 * second];
  }
  return { x: new Tensor(x, [samples, length, 2]), y: new Tensor(y, [samples, 1]) };
}
