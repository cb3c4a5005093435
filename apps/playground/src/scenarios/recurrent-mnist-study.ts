import type { Registry } from '@rectify/core';
import type { DigitSource } from '../data/mnist';
import { loadMnist } from '../data/mnist';
import { rowMnistSequences } from '../data/sequences';
import { SequenceTrainer, sequenceTrainingDefaults } from '../engine/sequence-trainer';
import { type RecurrentVariant, recurrentVariants } from './recurrent-study';

/** Budget of the row-MNIST study. */
export interface RowMnistStudyOptions {
  readonly seeds: readonly number[];
  /** MNIST images loaded (train and test), the same number per digit. */
  readonly samples: number;
  readonly trainFraction: number;
  readonly steps: number;
  readonly units: number;
}

/** 3,000 images (2,500 train, 500 test), 600 steps of 32 sequences, 32 units, seeds 1–3. */
export const rowMnistStudyDefaults: RowMnistStudyOptions = {
  seeds: [1, 2, 3],
  samples: 3000,
  trainFraction: 5 / 6,
  steps: 600,
  units: 32,
};

/** IRNN and the tanh RNN of the adding study. */
export const rowMnistVariants: readonly RecurrentVariant[] = recurrentVariants.filter(
  (v) => v.recurrentInit === 'identity' || v.activation === 'tanh',
);

/** One (variant, seed) run of row-by-row MNIST. */
export interface RowMnistRun {
  readonly variant: string;
  readonly seed: number;
  readonly accuracy: number;
  readonly loss: number;
}

/** Trains IRNN and the tanh RNN on MNIST read row by row (28 steps of 28 pixels); test accuracy per seed. */
export async function rowMnistStudy(
  registry: Registry,
  source: DigitSource,
  options: RowMnistStudyOptions = rowMnistStudyDefaults,
  onRun?: (label: string, seed: number) => void,
): Promise<RowMnistRun[]> {
  const runs: RowMnistRun[] = [];
  for (const seed of options.seeds) {
    const mnist = await loadMnist(
      { name: 'mnist', samples: options.samples, noise: 0, trainFraction: options.trainFraction, positiveFraction: 0.5, seed },
      source,
    );
    const data = rowMnistSequences(mnist);
    for (const v of rowMnistVariants) {
      onRun?.(v.label, seed);
      const spec = {
        data: 'row-mnist',
        length: data.steps,
        units: options.units,
        activation: v.activation,
        recurrentInit: v.recurrentInit,
      } as const;
      const trainer = new SequenceTrainer(spec, data, registry, { ...sequenceTrainingDefaults, seed });
      while (trainer.step < options.steps) trainer.trainStep();
      const { loss, accuracy } = trainer.evaluateTest();
      runs.push({ variant: v.label, seed, accuracy, loss });
    }
  }
  return runs;
}
