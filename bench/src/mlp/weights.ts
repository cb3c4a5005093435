import { Rng } from '@rectify/core';

/** The benchmark MLP: 784-256-128-10, softmax cross-entropy. */
export const MLP_SIZES = [784, 256, 128, 10] as const;
/** Batch size of the training-step and epoch benchmarks. */
export const BATCH = 128;
/** SGD learning rate, the same for every contender. */
export const LEARNING_RATE = 0.1;
/** Initial PReLU slope (one shared slope per activation layer). */
export const PRELU_INIT = 0.25;

/** Initial weights shared by every contender, so that their training runs are the same computation. */
export interface MlpWeights {
  /** kernels[l] is [in, out] row-major. */
  readonly kernels: Float32Array[];
  readonly biases: Float32Array[];
}

/** He-uniform kernels (limit √(6 / fan-in)) and zero biases from a fixed seed. */
export function initialWeights(seed = 42): MlpWeights {
  const rng = new Rng(seed);
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l < MLP_SIZES.length - 1; l++) {
    const fanIn = MLP_SIZES[l];
    const fanOut = MLP_SIZES[l + 1];
    const limit = Math.sqrt(6 / fanIn);
    const k = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < k.length; i++) k[i] = (rng.uniform() * 2 - 1) * limit;
    kernels.push(k);
    biases.push(new Float32Array(fanOut));
  }
  return { kernels, biases };
}

/** Index of the largest of `n` values starting at `off`. */
export function argmax(a: Float32Array, off: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[off + j] > a[off + best]) best = j;
  return best;
}
