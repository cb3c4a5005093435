import type { Rng } from '../random';

/** JSON form of an initializer. */
export interface InitializerConfig {
  /** The initializer's name, e.g. `he-normal` or `zeros`. */
  readonly type: string;
  /** Its options, e.g. `gain` or `negativeSlope`. */
  readonly [key: string]: unknown;
}

/** Fills a new parameter. `fanIn`/`fanOut` are the kernel's input and output counts. */
export interface Initializer {
  /** The initializer's name, as in its {@link InitializerConfig}. */
  readonly type: string;
  /**
   * Overwrites every element of `out`, drawing from `rng`. Throws a ValidationError when a fan it needs is not a
   * positive integer.
   */
  fill(out: Float32Array, fanIn: number, fanOut: number, rng: Rng): void;
  /** The JSON that `initializerFromConfig` turns back into an equal initializer. */
  config(): InitializerConfig;
}
