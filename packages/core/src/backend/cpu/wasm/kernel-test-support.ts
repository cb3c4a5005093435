import type { KernelArena } from './kernel-arena';

// Test support shared by the kernel tests (not exported from the package).

/** What unwritten arena memory holds in the in-place tests. */
export const SENTINEL = -12345.625;

/** An arena array of `src.length` floats holding `src`, at float offset `skew` inside a sentinel-filled allocation. */
export function place(arena: KernelArena, src: Float32Array, skew: number): { view: Float32Array; block: Float32Array } {
  const block = arena.alloc(src.length + skew + 19).fill(SENTINEL);
  const view = block.subarray(skew, skew + src.length);
  view.set(src);
  return { view, block };
}

/** True when every element of `block` outside `[from, to)` is still the sentinel. */
export function untouchedOutside(block: Float32Array, from: number, to: number): boolean {
  for (let i = 0; i < block.length; i++) if ((i < from || i >= to) && !Object.is(block[i], SENTINEL)) return false;
  return true;
}

/** A seeded linear congruential generator of uniforms in [0, 1): reproducible test inputs. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The first index where `a` and `b` differ (Object.is per element, lengths included), or −1. */
export function firstDiff(a: Float32Array, b: Float32Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : a.length;
}

/** Lengths around the 16-float groups the in-place path splits at, and one past a copying slice. */
export const IN_PLACE_LENGTHS = [0, 1, 15, 16, 17, 1000, (1 << 18) + 5];

/** A deterministic xorshift32 generator of uniforms in [0, 1), so that failures reproduce. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/**
 * |a − t| in float32 ulps of the exact value t (the ulp of t's binade; 2^−149 in the subnormal range): 0 when both
 * are NaN or equal, ∞ when only one is NaN, and past the float32 overflow threshold 0 only for the right ±∞.
 */
export function ulpsOfExact(a: number, t: number): number {
  if (Number.isNaN(a) || Number.isNaN(t)) return Number.isNaN(a) && Number.isNaN(t) ? 0 : Number.POSITIVE_INFINITY;
  if (a === t) return 0;
  if (!Number.isFinite(Math.fround(t))) return a === Math.fround(t) ? 0 : Number.POSITIVE_INFINITY;
  const m = Math.abs(t);
  return Math.abs(a - t) / (m < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(m)) - 23));
}
