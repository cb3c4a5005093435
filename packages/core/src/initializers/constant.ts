import { checkNumber } from '../optimizers/validate';
import type { Initializer } from './contract';

/** Fills every element with `value` (finite). Draws nothing from the generator. */
export function constantInit(value: number): Initializer {
  const v = checkNumber('constant', 'value', value);
  return Object.freeze({
    type: 'constant',
    fill(out: Float32Array) {
      out.fill(v);
    },
    config: () => ({ type: 'constant', value: v }),
  } satisfies Initializer);
}

/** Fills every element with 0 (the default for biases). Draws nothing from the generator. */
export function zeroInit(): Initializer {
  return Object.freeze({
    type: 'zeros',
    fill(out: Float32Array) {
      out.fill(0);
    },
    config: () => ({ type: 'zeros' }),
  } satisfies Initializer);
}
