import { checkFans } from './check-fans';
import type { Initializer } from './contract';
import { fillNormal, fillUniform } from './scaled';

/** LeCun normal initialisation: N(0, 1 / fanIn), a plain normal (not truncated). */
export function lecunNormal(): Initializer {
  return Object.freeze({
    type: 'lecun-normal',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      checkFans('lecun-normal', fanIn, fanOut, false);
      fillNormal(out, 1 / Math.sqrt(fanIn), rng);
    },
    config: () => ({ type: 'lecun-normal' }),
  } satisfies Initializer);
}

/** LeCun uniform initialisation: U(−l, l) with l = √(3 / fanIn), so the variance is 1 / fanIn. */
export function lecunUniform(): Initializer {
  return Object.freeze({
    type: 'lecun-uniform',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      checkFans('lecun-uniform', fanIn, fanOut, false);
      fillUniform(out, Math.sqrt(3 / fanIn), rng);
    },
    config: () => ({ type: 'lecun-uniform' }),
  } satisfies Initializer);
}
