/**
 * Central finite difference `(f(x + h) - f(x - h)) / 2h` in float64. The default step `2^-17 · max(1, |x|)`
 * balances truncation (O(h²)) against round-off (O(ε/h)) for float64 functions of moderate curvature.
 */
export function finiteDifference(f: (x: number) => number, x: number, h = defaultStep(x)): number {
  const up = x + h;
  const down = x - h;
  return (f(up) - f(down)) / (up - down);
}

/** The default float64 step for {@link finiteDifference} at `x`. */
export function defaultStep(x: number): number {
  return 2 ** -17 * Math.max(1, Math.abs(x));
}

/**
 * True when the one-sided differences `(f(x+h) - f(x)) / h` and `(f(x) - f(x-h)) / h` agree within `rtol`
 * (relative to the larger slope, at least 1): a kink between `x - h` and `x + h` makes them differ by the jump.
 */
export function looksSmooth(f: (x: number) => number, x: number, h: number, rtol = 1e-3): boolean {
  const fx = f(x);
  const right = (f(x + h) - fx) / h;
  const left = (fx - f(x - h)) / h;
  if (!Number.isFinite(right) || !Number.isFinite(left)) return false;
  return Math.abs(right - left) <= rtol * Math.max(1, Math.abs(right), Math.abs(left));
}
