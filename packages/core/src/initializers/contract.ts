import type { Rng } from '../random';

/** JSON form of an initializer. */
export interface InitializerConfig {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Fills a new parameter. `fanIn`/`fanOut` are the kernel's input and output counts. */
export interface Initializer {
  readonly type: string;
  fill(out: Float32Array, fanIn: number, fanOut: number, rng: Rng): void;
  config(): InitializerConfig;
}
