import { ValidationError } from './errors';

/**
 * Everything that determines what an {@link Rng} returns next, as plain numbers: {@link Rng.getState} takes it and
 * {@link Rng.setState} (or {@link Rng.fromState}) restores it, e.g. to resume a saved training run exactly.
 */
export interface RngState {
  /** The four sfc32 state words `a`, `b`, `c`, `d`, each an unsigned 32-bit integer in [0, 2^32). */
  readonly words: readonly [number, number, number, number];
  /**
   * The second value of the last Box–Muller pair, which the next {@link Rng.normal} call returns, or null when no
   * such value is pending (always null for a generator that never called `normal`).
   */
  readonly spareNormal: number | null;
}

const UINT32_MAX = 0xffffffff;

/**
 * A small, fast, seedable pseudo-random generator (sfc32 seeded through splitmix32).
 * The same seed gives the same sequence on every platform, which makes initialisation,
 * shuffling and training reproducible bit for bit.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  /**
   * A generator whose sequence depends only on `seed`.
   * @param seed - Taken as an unsigned 32-bit integer (`seed >>> 0`): seeds equal modulo 2^32 give the same sequence.
   */
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spareNormal === this.spareNormal) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `order` in place (Fisher–Yates). */
  shuffle(order: Uint32Array | number[]): void {
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /**
   * A copy of the generator's complete state: a generator given it by {@link Rng.setState} or {@link Rng.fromState}
   * returns exactly the values this one returns from now on. Drawing more values does not change the copy.
   */
  getState(): RngState {
    const spare = this.spareNormal;
    return {
      words: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0],
      spareNormal: spare === spare ? spare : null,
    };
  }

  /**
   * Restores a state taken by {@link Rng.getState}, so this generator continues that sequence exactly.
   * @throws ValidationError when `words` is not four integers in [0, 2^32) or `spareNormal` is neither null nor a
   * finite number; the generator is unchanged then.
   */
  setState(state: RngState): void {
    if (typeof state !== 'object' || state === null) {
      throw new ValidationError('Rng.setState: state must be an object from rng.getState()');
    }
    const { words, spareNormal } = state;
    if (!Array.isArray(words) || words.length !== 4) {
      throw new ValidationError(
        'Rng.setState: words must be an array of the four state words from rng.getState(), e.g. [1, 2, 3, 4]',
      );
    }
    for (let i = 0; i < 4; i++) {
      const w = words[i];
      if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > UINT32_MAX) {
        throw new ValidationError(`Rng.setState: words[${i}] is ${String(w)}; every word must be an integer in [0, 2^32)`);
      }
    }
    if (spareNormal !== null && (typeof spareNormal !== 'number' || !Number.isFinite(spareNormal))) {
      throw new ValidationError(
        `Rng.setState: spareNormal is ${String(spareNormal)}; it must be null or the finite number from rng.getState()`,
      );
    }
    // Stored as int32, as the constructor and nextUint32 leave them.
    this.a = words[0] | 0;
    this.b = words[1] | 0;
    this.c = words[2] | 0;
    this.d = words[3] | 0;
    this.spareNormal = spareNormal === null ? Number.NaN : spareNormal;
  }

  /**
   * A generator that continues from `state` (see {@link Rng.getState}).
   * @throws ValidationError when the state is malformed (see {@link Rng.setState}).
   */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** A new generator whose sequence depends on this one's state, for independent streams. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** Creates a seeded generator. */
export function createRng(seed: number): Rng {
  return new Rng(seed);
}
