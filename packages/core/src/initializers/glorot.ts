import { checkKnownKeys, checkNumber } from '../optimizers/validate';
import { checkFans } from './check-fans';
import type { Initializer } from './contract';
import { fillNormal, fillUniform } from './scaled';

/** Options of {@link glorotNormal} and {@link glorotUniform}. */
export interface GlorotOptions {
  /** Multiplies the scale, as PyTorch's `gain` argument (5/3 for tanh per `calculate_gain`). Default 1. */
  readonly gain?: number;
}

function resolveGain(type: string, options: GlorotOptions): number {
  checkKnownKeys(type, options, ['gain']);
  return checkNumber(type, 'gain', options.gain ?? 1, { min: 0, exclusiveMin: true });
}

/**
 * Glorot (Xavier) normal initialisation, as PyTorch's `xavier_normal_`: N(0, std²) with
 * std = gain · √(2 / (fanIn + fanOut)). A plain normal, not truncated.
 */
export function glorotNormal(options: GlorotOptions = {}): Initializer {
  const gain = resolveGain('glorot-normal', options);
  return Object.freeze({
    type: 'glorot-normal',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      checkFans('glorot-normal', fanIn, fanOut, true);
      fillNormal(out, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
    },
    config: () => ({ type: 'glorot-normal', gain }),
  } satisfies Initializer);
}

/**
 * Glorot (Xavier) uniform initialisation, as PyTorch's `xavier_uniform_`: U(−l, l) with
 * l = gain · √(6 / (fanIn + fanOut)).
 */
export function glorotUniform(options: GlorotOptions = {}): Initializer {
  const gain = resolveGain('glorot-uniform', options);
  return Object.freeze({
    type: 'glorot-uniform',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      checkFans('glorot-uniform', fanIn, fanOut, true);
      fillUniform(out, gain * Math.sqrt(6 / (fanIn + fanOut)), rng);
    },
    config: () => ({ type: 'glorot-uniform', gain }),
  } satisfies Initializer);
}
