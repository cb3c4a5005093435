import type { Tolerance } from './types';

/** True when both are NaN, or they are equal, or both finite and within `rtol * max(|a|, |b|, scale) + atol`. */
export function within(actual: number, expected: number, tol: Tolerance, scale = 0, extra = 0): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  const size = Math.max(Math.abs(actual), Math.abs(expected), scale);
  return Math.abs(actual - expected) <= tol.rtol * size + tol.atol + extra;
}

/**
 * Formats a number for failure messages: a float32 value with the fewest digits that identify it (`88.5`, `0.1`),
 * anything else with 9 significant digits, enough to see a float32 difference.
 */
export function fmt(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  if (Math.fround(v) === v) {
    for (let digits = 1; digits < 9; digits++) {
      const short = Number(v.toPrecision(digits));
      if (Math.fround(short) === v) return String(short);
    }
  }
  return v.toPrecision(9);
}

/** Equal bit patterns (NaN payloads and signed zeros included). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** Float32 machine epsilon (2^-23); half of it bounds one rounding. */
export const EPS32 = 2 ** -23;
