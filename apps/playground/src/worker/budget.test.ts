import { describe, expect, it } from 'vitest';
import { refillBudget } from './budget';

describe('the step budget', () => {
  it('is unlimited at "max" speed, also when no time has passed (0 ms × ∞ used to give NaN)', () => {
    expect(Number.isNaN(0 * Number.POSITIVE_INFINITY)).toBe(true);
    expect(refillBudget(0, 0, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(refillBudget(1, 12, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refills at the chosen speed and holds at most a fifth of a second of steps', () => {
    expect(refillBudget(0, 100, 200)).toBeCloseTo(20, 12);
    expect(refillBudget(0, 1000, 200)).toBe(40);
    expect(refillBudget(3, 0, 200)).toBe(3);
    // slow: 20 steps/s still allows one step, after 50 ms
    expect(refillBudget(0, 50, 20)).toBe(1);
    expect(refillBudget(0, 10_000, 2)).toBe(1);
  });

  it('ignores a clock that went backwards', () => {
    expect(refillBudget(2, -40, 200)).toBe(2);
  });
});
