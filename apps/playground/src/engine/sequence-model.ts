import { type Initializer, type Registry, type Sequential, ValidationError, dense, sequential } from '@rectify/core';
import { identityInit, orthogonalInit, simpleRNN } from '@rectify/recurrent';
import type { SequenceData } from '../data/sequences';
import { type RecurrentInitName, SMALL_GAUSSIAN_STD, type SequenceSpec } from '../state/sequence-types';

/** Draws every element from N(0, std²): the small Gaussian recurrent init of the paper's tanh and ReLU baselines. */
export function gaussianInit(std: number): Initializer {
  if (!Number.isFinite(std) || std <= 0) throw new ValidationError(`gaussian: std must be a positive number, got ${std}`);
  return Object.freeze({
    type: 'normal',
    fill(out: Float32Array, _fanIn: number, _fanOut: number, rng: { normal(): number }) {
      for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
    },
    config: () => ({ type: 'normal', std }),
  });
}

/** The recurrent initialiser a {@link RecurrentInitName} stands for. */
export function recurrentInitializer(name: RecurrentInitName): Initializer {
  if (name === 'identity') return identityInit();
  if (name === 'orthogonal') return orthogonalInit();
  return gaussianInit(SMALL_GAUSSIAN_STD);
}

/**
 * `simpleRNN(units, activation, recurrent init) → dense(outputs)` for a sequence data set, seeded. The dense head
 * reads the last hidden state; its output is the regression value (adding problem) or the ten logits (row MNIST).
 */
export function buildSequenceModel(spec: SequenceSpec, data: SequenceData, registry: Registry, seed: number): Sequential {
  return sequential({
    inputShape: [data.steps, data.features],
    layers: [
      simpleRNN(spec.units, {
        activation: registry.activation(spec.activation),
        recurrentInitializer: recurrentInitializer(spec.recurrentInit),
      }),
      dense(data.outputs),
    ],
    seed,
    registry,
  });
}
