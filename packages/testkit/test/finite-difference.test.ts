import { describe, expect, it } from 'vitest';
import { defaultStep, finiteDifference, looksSmooth } from '../src';

describe('finiteDifference', () => {
  it('matches closed-form derivatives in float64', () => {
    for (const x of [-3, -0.5, 0, 0.25, 2, 40]) {
      // Truncation error is h²/6 · |f'''| with h = 2^-17 · max(1, |x|).
      const bound = (defaultStep(x) ** 2 / 6) * 1.01 + 1e-10;
      expect(Math.abs(finiteDifference(Math.sin, x) - Math.cos(x))).toBeLessThan(bound);
      expect(Math.abs(finiteDifference(Math.exp, x) / Math.exp(x) - 1)).toBeLessThan(bound);
    }
    expect(finiteDifference((v) => v ** 3, 1e3) / 3e6).toBeCloseTo(1, 7);
  });

  it('scales the default step with |x| so large inputs keep their relative accuracy', () => {
    expect(defaultStep(0.5)).toBe(2 ** -17);
    expect(defaultStep(-1000)).toBe(1000 * 2 ** -17);
  });
});

describe('looksSmooth', () => {
  it('tells a kink from a smooth point', () => {
    const relu = (v: number) => Math.max(v, 0);
    expect(looksSmooth(relu, 0, 1e-5)).toBe(false);
    expect(looksSmooth(relu, 1e-6, 1e-5)).toBe(false);
    expect(looksSmooth(relu, 1e-3, 1e-5)).toBe(true);
    expect(looksSmooth(Math.tanh, 0, 1e-5)).toBe(true);
  });
});
