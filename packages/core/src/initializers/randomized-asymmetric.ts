import { ValidationError } from '../errors';
import { checkBoolean, checkKnownKeys, checkNumber } from '../optimizers/validate';
import type { Rng } from '../random';
import { checkFans } from './check-fans';
import type { Initializer } from './contract';
import { fillNormal } from './scaled';

/** Options of {@link randomizedAsymmetric}. */
export interface RandomizedAsymmetricOptions {
  /**
   * σ of the symmetric part: its entries are N(0, σ² / fanIn). Default 0.6007, the value Lu et al. derive for
   * P = Beta(2, 1) from their second-moment condition and use in their numerical examples.
   */
  readonly scale?: number;
  /**
   * Whether the layer has a bias (default true, as `dense`). With a bias, the positive entry of each unit is chosen
   * among its fanIn weights and its bias; without, among its weights only. Must match the layer's `useBias`.
   */
  readonly useBias?: boolean;
}

/** The kernel and bias initializers of one {@link randomizedAsymmetric} call: spread both into `dense` options. */
export interface RandomizedAsymmetricInitializers {
  /** Fills the kernel and chooses, per unit, where its positive entry goes. */
  readonly kernelInitializer: Initializer;
  /**
   * Fills the bias, putting the positive entry in the units whose choice fell on their bias. Throws a
   * ValidationError when it does not follow the kernel fill of the same layer, or with `useBias: false`.
   */
  readonly biasInitializer: Initializer;
}

/** Which units' positive entries the last kernel fill left for the bias, per generator (dense fills kernel, then bias). */
const pendingBias = new WeakMap<Rng, { fanIn: number; fanOut: number; positive: Uint8Array }>();

/** A draw from Beta(2, 1) (density 2x on [0, 1]) by inverting its CDF x². */
function beta21(rng: Rng): number {
  return Math.sqrt(rng.uniform());
}

/**
 * One half of the pair: validates the options, then `fill` checks the fans and fills `out` with the symmetric part
 * N(0, σ²/fanIn) before `place` puts the positive entries.
 */
function half(
  type: string,
  options: RandomizedAsymmetricOptions,
  place: (out: Float32Array, fanIn: number, fanOut: number, rng: Rng, useBias: boolean) => void,
): Initializer {
  checkKnownKeys(type, options, ['scale', 'useBias']);
  const scale = checkNumber(type, 'scale', options.scale ?? 0.6007, { min: 0, exclusiveMin: true });
  const useBias = checkBoolean(type, 'useBias', options.useBias ?? true);
  return Object.freeze({
    type,
    fill(out: Float32Array, fanIn: number, fanOut: number, rng: Rng) {
      if (out.length === 0) return;
      checkFans(type, fanIn, fanOut, true);
      fillNormal(out, scale / Math.sqrt(fanIn), rng);
      place(out, fanIn, fanOut, rng, useBias);
    },
    config: () => ({ type, scale, useBias }),
  } satisfies Initializer);
}

/** The kernel half of {@link randomizedAsymmetric}. */
export function randomizedAsymmetricKernel(options: RandomizedAsymmetricOptions = {}): Initializer {
  const type = 'randomized-asymmetric-kernel';
  return half(type, options, (out, fanIn, fanOut, rng, useBias) => {
    if (out.length !== fanIn * fanOut) {
      throw new ValidationError(`${type}: a kernel of fanIn × fanOut = ${fanIn * fanOut} values was expected, got ${out.length}`);
    }
    const positive = new Uint8Array(fanOut);
    const choices = useBias ? fanIn + 1 : fanIn;
    for (let unit = 0; unit < fanOut; unit++) {
      const k = rng.int(choices);
      // The kernel is [fanIn, fanOut], row-major: unit j's weights are out[i * fanOut + j].
      if (k < fanIn) out[k * fanOut + unit] = beta21(rng);
      else positive[unit] = 1;
    }
    if (useBias) pendingBias.set(rng, { fanIn, fanOut, positive });
  });
}

/** The bias half of {@link randomizedAsymmetric}. */
export function randomizedAsymmetricBias(options: RandomizedAsymmetricOptions = {}): Initializer {
  const type = 'randomized-asymmetric-bias';
  return half(type, options, (out, fanIn, fanOut, rng, useBias) => {
    const pending = pendingBias.get(rng);
    pendingBias.delete(rng);
    if (!useBias || !pending || pending.fanIn !== fanIn || pending.fanOut !== fanOut || out.length !== fanOut) {
      throw new ValidationError(
        `${type}: the bias of ${fanOut} units must be filled right after its kernel by the kernel initializer of the same randomizedAsymmetric() (with useBias true); spread both: dense(units, { ...randomizedAsymmetric() })`,
      );
    }
    for (let unit = 0; unit < fanOut; unit++) if (pending.positive[unit] === 1) out[unit] = beta21(rng);
  });
}

/**
 * The randomized asymmetric initialisation (RAI) of Lu, Shin, Su & Karniadakis (2019), "Dying ReLU and
 * Initialization: Theory and Numerical Examples". For each unit j of a dense layer, take its row
 * V_j = [W_j, b_j] of fanIn weights and its bias (fanIn + 1 entries); choose one index k_j uniformly at random and
 * draw V_j[k_j] from P = Beta(2, 1) (positive support, mean 2/3, second moment 1/2); draw every other entry
 * independently from the symmetric Q = N(0, σ² / fanIn) with σ = `scale`. Each unit thus starts with one surely
 * positive input weight (or bias), which makes a deep, narrow ReLU network far less likely to be born dead than
 * with a symmetric initialisation (He, Glorot).
 *
 * The choice couples a unit's weights and its bias, so RAI is a pair of initializers for one dense layer: the
 * kernel's fill chooses k_j for every unit and the bias's fill, which `dense` runs right after with the same
 * generator, completes the units whose k_j is the bias. Without a bias pass `useBias: false` to both the layer and
 * this function: k_j is then chosen among the weights only.
 * @example dense(4, { ...randomizedAsymmetric() })
 * @example dense(4, { useBias: false, ...randomizedAsymmetric({ useBias: false }) })
 */
export function randomizedAsymmetric(options: RandomizedAsymmetricOptions = {}): RandomizedAsymmetricInitializers {
  return Object.freeze({
    kernelInitializer: randomizedAsymmetricKernel(options),
    biasInitializer: randomizedAsymmetricBias(options),
  });
}
