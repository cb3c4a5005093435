/**
 * The training worker's step budget: it refills at the chosen speed, so curves can be watched as they fall, and
 * holds at most a fifth of a second's worth of steps (at least one).
 *
 * `stepsPerSecond` may be `Infinity` ("max"): then the budget is unlimited. Written out because the plain formula
 * gives 0 ms × ∞ = NaN when two slices start in the same millisecond, and a NaN budget never allows a step.
 */
export function refillBudget(budget: number, elapsedMs: number, stepsPerSecond: number): number {
  if (stepsPerSecond === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const cap = Math.max(1, stepsPerSecond / 5);
  return Math.min(budget + (Math.max(0, elapsedMs) / 1000) * stepsPerSecond, cap);
}
