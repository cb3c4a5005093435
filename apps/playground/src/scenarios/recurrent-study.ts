import type { Registry } from '@rectify/core';
import { ADDING_BASELINE, addingSequences, probeRows } from '../data/sequences';
import { probeSequence } from '../engine/sequence-probe';
import { SequenceTrainer, sequenceTrainingDefaults } from '../engine/sequence-trainer';
import type { RecurrentInitName, SequenceSpec } from '../state/sequence-types';

/** One recurrent network of the study: its activation and recurrent initialiser. */
export interface RecurrentVariant {
  readonly label: string;
  readonly activation: string;
  readonly recurrentInit: RecurrentInitName;
}

/** IRNN and the paper's two baselines: tanh and ReLU RNNs whose recurrent matrix starts as a small Gaussian. */
export const recurrentVariants: readonly RecurrentVariant[] = [
  { label: 'IRNN (ReLU, identity)', activation: 'relu', recurrentInit: 'identity' },
  { label: 'tanh RNN (Gaussian 0.001)', activation: 'tanh', recurrentInit: 'gaussian' },
  { label: 'ReLU RNN (Gaussian 0.001)', activation: 'relu', recurrentInit: 'gaussian' },
];

/** Budget of the adding-problem study. */
export interface AddingStudyOptions {
  readonly seeds: readonly number[];
  /** Sequence lengths T, each with its number of training steps. */
  readonly lengths: readonly { readonly length: number; readonly steps: number }[];
  readonly units: number;
  readonly trainSamples: number;
  readonly testSamples: number;
  /** Test MSE is measured every `evalEvery` steps (and at step 0). */
  readonly evalEvery: number;
  /** Test sequences the gradient through time is probed on. */
  readonly probeRows: number;
  /** The test MSE counted as solved, well under the baseline. */
  readonly solved: number;
}

/** T = 50 for 1,000 steps and T = 150 for 1,500, 32 units, seeds 1–3: a few minutes on a shared 2-core machine. */
export const addingStudyDefaults: AddingStudyOptions = {
  seeds: [1, 2, 3],
  lengths: [
    { length: 50, steps: 1000 },
    { length: 150, steps: 1500 },
  ],
  units: 32,
  trainSamples: 4000,
  testSamples: 500,
  evalEvery: 50,
  probeRows: 64,
  solved: 0.05,
};

/** One (variant, T, seed) run of the adding problem. */
export interface AddingRun {
  readonly variant: string;
  readonly length: number;
  readonly seed: number;
  /** Test MSE at steps 0, evalEvery, 2·evalEvery, …, the last step. */
  readonly curve: readonly { readonly step: number; readonly mse: number }[];
  /** First evaluated step with test MSE below the 1/6 baseline, or null. */
  readonly belowBaseline: number | null;
  /** First evaluated step with test MSE below `solved`, or null. */
  readonly solved: number | null;
  /** ‖∂loss/∂h_t‖, t = 1…T, on the probe rows at initialisation and after training. */
  readonly gradAtStart: Float64Array;
  readonly gradAtEnd: Float64Array;
}

function gradThroughTime(trainer: SequenceTrainer, rows: number): Float64Array {
  const { x, y } = probeRows(trainer.data, rows);
  return probeSequence(trainer.model, x, y, trainer.data.loss).gradNorm;
}

/** Trains every variant at every length and seed on the adding problem, probing the gradient through time. */
export function addingStudy(
  registry: Registry,
  options: AddingStudyOptions = addingStudyDefaults,
  onRun?: (label: string, length: number, seed: number) => void,
): AddingRun[] {
  const runs: AddingRun[] = [];
  for (const { length, steps } of options.lengths) {
    for (const seed of options.seeds) {
      const data = addingSequences(length, options.trainSamples, options.testSamples, seed);
      for (const v of recurrentVariants) {
        onRun?.(v.label, length, seed);
        const spec: SequenceSpec = {
          data: 'adding',
          length,
          units: options.units,
          activation: v.activation,
          recurrentInit: v.recurrentInit,
        };
        const trainer = new SequenceTrainer(spec, data, registry, { ...sequenceTrainingDefaults, seed });
        const gradAtStart = gradThroughTime(trainer, options.probeRows);
        const curve = [{ step: 0, mse: trainer.evaluateTest().loss }];
        while (trainer.step < steps) {
          trainer.trainStep();
          if (trainer.step % options.evalEvery === 0 || trainer.step === steps)
            curve.push({ step: trainer.step, mse: trainer.evaluateTest().loss });
        }
        const first = (limit: number) => curve.find((p) => p.mse < limit)?.step ?? null;
        runs.push({
          variant: v.label,
          length,
          seed,
          curve,
          belowBaseline: first(ADDING_BASELINE),
          solved: first(options.solved),
          gradAtStart,
          gradAtEnd: gradThroughTime(trainer, options.probeRows),
        });
      }
    }
  }
  return runs;
}
