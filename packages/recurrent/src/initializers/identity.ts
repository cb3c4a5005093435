import { type Initializer, ValidationError } from '@rectify/core';

/**
 * The scaled identity `gain · I` for a square recurrent matrix (Le, Jaitly and Hinton's IRNN uses gain 1; their
 * recurrent ReLU networks on long sequences use smaller ones). Draws nothing from the generator.
 * @throws ValidationError when `gain` is not finite, or (at build) the matrix is not square.
 */
export function identityInit(gain = 1): Initializer {
  if (typeof gain !== 'number' || !Number.isFinite(gain)) {
    throw new ValidationError(`identity: gain must be a finite number, got ${String(gain)}`);
  }
  return Object.freeze({
    type: 'identity',
    fill(out: Float32Array, fanIn: number, fanOut: number) {
      if (fanIn !== fanOut || out.length !== fanIn * fanOut) {
        throw new ValidationError(
          `identity: needs a square matrix but got ${fanIn} x ${fanOut}; use it for a recurrent kernel ([units, units])`,
        );
      }
      out.fill(0);
      for (let i = 0; i < fanIn; i++) out[i * fanIn + i] = gain;
    },
    config: () => ({ type: 'identity', gain }),
  } satisfies Initializer);
}
