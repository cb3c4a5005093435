import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { Rng, type RngState } from './random';

/** sfc32 written out from its published definition (Chris Doty-Humphrey, PractRand), in uint32 arithmetic. */
function referenceSfc32(words: readonly number[]): () => number {
  let [a, b, c, d] = words;
  return () => {
    const t = (a + b + d) % 2 ** 32;
    d = (d + 1) % 2 ** 32;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + c * 8) % 2 ** 32;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) % 2 ** 32;
    return t;
  };
}

describe('Rng state', () => {
  it('exports the sfc32 words: an independent sfc32 started from them yields the same sequence', () => {
    const rng = new Rng(12345);
    for (let i = 0; i < 7; i++) rng.nextUint32();
    const state = rng.getState();
    const ref = referenceSfc32(state.words);
    for (let i = 0; i < 1000; i++) expect(rng.nextUint32()).toBe(ref());
  });

  it('setState and fromState continue the sequence exactly, a pending Box–Muller value included', () => {
    const rng = new Rng(99);
    rng.shuffle([1, 2, 3, 4, 5]);
    rng.normal(); // leaves the pair's second value pending
    const state = rng.getState();
    expect(state.spareNormal).not.toBeNull();
    const copy = Rng.fromState(JSON.parse(JSON.stringify(state)) as RngState);
    const other = new Rng(1);
    other.setState(state);
    for (let i = 0; i < 50; i++) {
      const v = rng.normal();
      expect(Object.is(copy.normal(), v)).toBe(true);
      expect(Object.is(other.normal(), v)).toBe(true);
      const u = rng.nextUint32();
      expect(copy.nextUint32()).toBe(u);
      expect(other.nextUint32()).toBe(u);
    }
  });

  it('words are unsigned 32-bit integers and the state is a copy', () => {
    for (const seed of [0, 1, 2 ** 31, 2 ** 32 - 1]) {
      const rng = new Rng(seed);
      const state = rng.getState();
      expect(state.spareNormal).toBeNull();
      for (const w of state.words) {
        expect(Number.isInteger(w)).toBe(true);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThan(2 ** 32);
      }
      const before = [...state.words];
      rng.nextUint32();
      expect(state.words).toEqual(before);
    }
  });

  it('rejects a malformed state and leaves the generator unchanged', () => {
    const rng = new Rng(5);
    const expected = new Rng(5).nextUint32();
    const bad: unknown[] = [
      null,
      { words: [1, 2, 3], spareNormal: null },
      { words: [1, 2, 3, 4, 5], spareNormal: null },
      { words: [1, 2, 3, '4'], spareNormal: null },
      { words: [1, 2, 3.5, 4], spareNormal: null },
      { words: [1, -1, 3, 4], spareNormal: null },
      { words: [2 ** 32, 2, 3, 4], spareNormal: null },
      { words: [1, 2, 3, 4], spareNormal: Number.NaN },
      { words: [1, 2, 3, 4], spareNormal: '0.5' },
    ];
    for (const state of bad) expect(() => rng.setState(state as RngState)).toThrow(ValidationError);
    expect(rng.nextUint32()).toBe(expected);
  });
});
