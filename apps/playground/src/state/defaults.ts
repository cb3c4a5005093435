import type { PlaygroundState } from './types';

/** The state a fresh page starts with: two ReLU layers on the circles set, Adam, CPU. */
export const defaultState: PlaygroundState = {
  dataset: { name: 'circles', samples: 400, noise: 0.1, trainFraction: 0.7, positiveFraction: 0.5, seed: 1 },
  network: {
    hidden: [
      { units: 8, activation: 'relu', hyper: {} },
      { units: 8, activation: 'relu', hyper: {} },
    ],
    residual: false,
  },
  training: {
    learningRate: 0.03,
    batchSize: 16,
    optimizer: 'adam',
    loss: 'auto',
    kernelInit: 'heNormal',
    biasInit: 0,
    l2: 0,
    l1: 0,
    seed: 42,
  },
  backend: { kind: 'cpu', gpuMode: 'auto' },
  compare: [],
};

/** Limits of the controls (well above TensorFlow Playground's 6 layers × 8 neurons). */
export const limits = {
  maxHiddenLayers: 32,
  maxUnits: 256,
  maxSamples: 5000,
  maxBatchSize: 1024,
} as const;
