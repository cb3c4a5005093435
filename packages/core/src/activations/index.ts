import type { ActivationPlugin } from '../activation/contract';
import { identity } from './identity';
import { sigmoid } from './sigmoid';
import { tanh } from './tanh';

export { identity, sigmoid, tanh };

/** The activations core ships: identity, sigmoid and tanh (registered in the default registry). */
export const baselineActivations: readonly ActivationPlugin[] = Object.freeze([identity, sigmoid, tanh]);
