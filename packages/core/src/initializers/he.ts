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
}

function resolve(type: string, options: HeOptions): { negativeSlope: number; mode: 'fanIn' | 'fanOut' } {
  checkKnownKeys(type, options, ['negativeSlope', 'mode']);
  const negativeSlope = checkNumber(type, 'negativeSlope', options.negativeSlope ?? 0);
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new ValidationError(`${type}: mode must be "fanIn" or "fanOut", got ${String(mode)}`);
  }
  return { negativeSlope, mode };
}

function heStd(type: string, negativeSlope: number, mode: 'fanIn' | 'fanOut', fanIn: number, fanOut: number): number {
  checkFans(type, fanIn, fanOut, mode === 'fanOut');
  const gain = Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
  return gain / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * He (Kaiming) normal initialisation, as PyTorch's `kaiming_normal_`: N(0, std²) with std = gain / √fan and
 * gain = √(2 / (1 + a²)). A plain normal (PyTorch's choice), not the truncated normal Keras uses.
 * @example dense(64, { kernelInitializer: heNormal({ negativeSlope: 0.01 }) })
 */
export function heNormal(options: HeOptions = {}): Initializer {
  const { negativeSlope, mode } = resolve('he-normal', options);
  return Object.freeze({
    type: 'he-normal',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      fillNormal(out, heStd('he-normal', negativeSlope, mode, fanIn, fanOut), rng);
    },
    config: () => ({ type: 'he-normal', negativeSlope, mode }),
  } satisfies Initializer);
}

/**
 * He (Kaiming) uniform initialisation, as PyTorch's `kaiming_uniform_`: U(−b, b) with b = gain · √(3 / fan)
 * and gain = √(2 / (1 + a²)).
 */
export function heUniform(options: HeOptions = {}): Initializer {
  const { negativeSlope, mode } = resolve('he-uniform', options);
  return Object.freeze({
    type: 'he-uniform',
    fill(out: Float32Array, fanIn: number, fanOut: number, rng) {
      if (out.length === 0) return;
      fillUniform(out, Math.sqrt(3) * heStd('he-uniform', negativeSlope, mode, fanIn, fanOut), rng);
    },
    config: () => ({ type: 'he-uniform', negativeSlope, mode }),
  } satisfies Initializer);
}
