import { type Registry, ValidationError } from '@rectify/core';
import { boundsProblem } from './bounds';
import type { RecurrentInitName, SequenceDataName, SequenceSpec } from './sequence-types';

/** The sequence data sets, recurrent initialisers and the numeric bounds of the sequence view. */
export const SEQUENCE_DATA_NAMES: readonly SequenceDataName[] = ['adding', 'row-mnist'];
/** Every recurrent initialiser the sequence view offers. */
export const RECURRENT_INIT_NAMES: readonly RecurrentInitName[] = ['identity', 'orthogonal', 'gaussian'];
/** Numeric fields of a {@link SequenceSpec}, in the words of the page. */
export const SEQUENCE_BOUNDS = {
  length: { label: 'sequence length T', min: 2, max: 300, integer: true, step: 1 },
  units: { label: 'number of recurrent units', min: 1, max: 128, integer: true, step: 1 },
} as const;

/** The IRNN on the adding problem with T = 50: the network Le, Jaitly and Hinton propose, on a short problem. */
export const defaultSequence: SequenceSpec = {
  data: 'adding',
  length: 50,
  units: 32,
  activation: 'relu',
  recurrentInit: 'identity',
};

function oneOf<T extends string>(value: unknown, field: string, names: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(names as readonly string[]).includes(value)) {
    throw new ValidationError(`sequence view: ${field} must be one of ${names.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function bounded(value: unknown, key: keyof typeof SEQUENCE_BOUNDS, fallback: number): number {
  if (value === undefined) return fallback;
  const problem = boundsProblem(SEQUENCE_BOUNDS[key], typeof value === 'number' ? value : Number.NaN);
  if (problem) throw new ValidationError(problem);
  return value as number;
}

/**
 * Checks the sequence view's part of a state from outside (a link), fills missing fields with the defaults and
 * throws a ValidationError naming the field. With the registry, the activation must exist and have no learnable
 * parameters (a SimpleRNN cell takes none).
 */
export function validateSequence(value: unknown, registry?: Registry): SequenceSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('sequence view: its settings must be an object');
  }
  const o = value as Record<string, unknown>;
  const activation = o.activation ?? defaultSequence.activation;
  if (typeof activation !== 'string' || activation.length === 0 || activation.length > 64) {
    throw new ValidationError('sequence view: the recurrent activation must be an activation name such as "relu"');
  }
  if (registry) {
    if (!registry.hasActivation(activation))
      throw new ValidationError(`sequence view: there is no activation called "${activation}"`);
    if (Object.keys(registry.activation(activation).learnable).length > 0) {
      throw new ValidationError(
        `sequence view: ${activation} has learnable parameters, which a SimpleRNN cell does not take; pick relu or tanh`,
      );
    }
  }
  return {
    data: oneOf(o.data, 'the data set', SEQUENCE_DATA_NAMES, defaultSequence.data),
    length: bounded(o.length, 'length', defaultSequence.length),
    units: bounded(o.units, 'units', defaultSequence.units),
    activation,
    recurrentInit: oneOf(o.recurrentInit, 'the recurrent init', RECURRENT_INIT_NAMES, defaultSequence.recurrentInit),
  };
}
