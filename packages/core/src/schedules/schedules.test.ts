import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlateauTracker } from '../callbacks/plateau';
import { ValidationError } from '../errors';
import type { LearningRateSchedule } from './contract';
import { cosineAnnealingLR, cosineWithWarmup, exponentialLR, stepLR } from './schedules';

// Made by test/fixtures/make-lr-schedules.py with torch.optim.lr_scheduler.
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/lr-schedules.json', import.meta.url), 'utf8')) as {
  base: number;
  cases: { name: string; options: Record<string, number | string>; rates: number[]; losses?: number[] }[];
};

const make: Record<string, (o: never) => LearningRateSchedule> = {
  step: stepLR,
  exponential: exponentialLR,
  cosine: cosineAnnealingLR,
  'cosine-warmup': cosineWithWarmup,
};

/** PyTorch's chainable forms accumulate float64 rounding; the closed forms agree to a few ulps. */
function expectRate(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(expected), 1e-3));
}

describe('learning-rate schedules against torch.optim.lr_scheduler', () => {
  for (const c of fixture.cases.filter((k) => make[k.name])) {
    it(`${c.name}: ${c.rates.length} rates`, () => {
      const schedule = make[c.name](c.options as never);
      for (const [step, rate] of c.rates.entries()) expectRate(schedule.rateAt(step, fixture.base), rate);
    });
  }

  for (const c of fixture.cases.filter((k) => k.name.startsWith('plateau'))) {
    it(`ReduceLROnPlateau ${c.name}: ${c.rates.length} rates`, () => {
      const tracker = new PlateauTracker(c.options as never);
      let rate = fixture.base;
      const rates = [rate];
      for (const loss of c.losses ?? []) {
        rate = tracker.step(loss, rate);
        rates.push(rate);
      }
      expect(rates.length).toBe(c.rates.length);
      for (const [i, r] of rates.entries()) expectRate(r, c.rates[i]);
      expect(new Set(rates).size).toBeGreaterThan(2); // the fixture does exercise several drops
    });
  }

  it('reject bad options with the option named', () => {
    expect(() => stepLR({ stepSize: 0 })).toThrow(/stepSize must be a positive integer/);
    expect(() => exponentialLR({ gamma: Number.NaN })).toThrow(ValidationError);
    expect(() => cosineWithWarmup({ warmupSteps: 2, tMax: 5, startFactor: 0 })).toThrow(/startFactor/);
    expect(() => new PlateauTracker({ factor: 1 })).toThrow(/factor must be in \(0, 1\)/);
  });
});
