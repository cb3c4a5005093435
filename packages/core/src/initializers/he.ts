import { ValidationError } from '../errors';
import { checkKnownKeys, checkNumber } from '../optimizers/validate';
import { checkFans } from './check-fans';
import type { Initializer } from './contract';
import { fillNormal, fillUniform } from './scaled';

/** Options of {@link heNormal} and {@link heUniform}. */
export interface HeOptions {
  /** Negative slope `a` of the (leaky) ReLU that follows: gain √(2 / (1 + a²)). Default 0 (ReLU). */
  readonly negativeSlope?: number;
  /** Which fan scales the variance: `fanIn` (default, preserves forward variance) or `fanOut` (backward). */
  readonly mode?: 'fanIn' | 'fanOut';
  /**
   * The gain itself, instead of the one from `negativeSlope`: e.g. `calculateGain(elu)` for the activation that
   * follows (PyTorch's `calculate_gain`). Give one of `gain` and `negativeSlope`.
   */
  readonly gain?: number;
}

interface Resolved {
  readonly negativeSlope: number;
  readonly mode: 'fanIn' | 'fanOut';
  /** The explicit gain, or undefined for the one from `negativeSlope`. */
  readonly gain: number | undefined;
}

function resolve(type: string, options: HeOptions): Resolved {
  checkKnownKeys(type, options, ['negativeSlope', 'mode', 'gain']);
  if (options.gain !== undefined && options.negativeSlope !== undefined) {
    throw new ValidationError(`${type}: give either gain or negativeSlope, not both (the gain is what the slope sets)`);
  }
  const negativeSlope = checkNumber(type, 'negativeSlope', options.negativeSlope ?? 0);
  const gain = options.gain === undefined ? undefined : checkNumber(type, 'gain', options.gain, { min: 0, exclusiveMin: true });
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new ValidationError(`${type}: mode must be "fanIn" or "fanOut", got ${String(mode)}`);
  }
  return { negativeSlope, mode, gain };
}

function heStd(type: string, r: Resolved, fanIn: number, fanOut: number): number {
  checkFans(type, fanIn, fanOut, r.mode === 'fanOut');
  const gain = r.gain ?? Math.sqrt(2 / (1 + r.negativeSlope * r.negativeSlope));
  return gain / Math.sqrt(r.mode === 'fanIn' ? fanIn : fanOut);
}

/** The JSON config: `gain` when given, else `negativeSlope` (files written before `gain` existed stay valid). */
function heConfig(type: string, r: Resolved) {
  return r.gain === undefined ? { type, negativeSlope: r.negativeSlope, mode: r.mode } : { type, gain: r.gain, mode: r.mode };
}

/**
 * He (Kaiming) normal initialisation, as PyTorch's `kaiming_normal_`: N(0, std²) with std = gain / √fan and
 * gain = √(2 / (1 + a²)). A plain normal (PyTorch's choice), not the truncated normal Keras uses.
 * @example dense(64, { kernelInitializer: heNormal({ negativeSlope: 0.01 }) })
 */
export function heNormal(options: HeOptions = {}): Initializer {
  const r = resolve('he-normal', options);
  return Object.freeze({
    type: 'he-normal',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      fillNormal(out, heStd('he-normal', r, fanIn, fanOut), rng);
    },
    config: () => heConfig('he-normal', r),
  } satisfies Initializer);
}

/**
 * He (Kaiming) uniform initialisation, as PyTorch's `kaiming_uniform_`: U(−b, b) with b = gain · √(3 / fan)
 * and gain = √(2 / (1 + a²)).
 */
export function heUniform(options: HeOptions = {}): Initializer {
  const r = resolve('he-uniform', options);
  return Object.freeze({
    type: 'he-uniform',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      fillUniform(out, Math.sqrt(3) * heStd('he-uniform', r, fanIn, fanOut), rng);
    },
    config: () => heConfig('he-uniform', r),
  } satisfies Initializer);
}
