import { describe, expect, it } from 'vitest';
import { defaultState } from '../state/defaults';
import type { DatasetName, DatasetSpec } from '../state/types';
import { generateDataset } from './generate';
import type { Dataset } from './types';
import { CIRCLE_RADIUS, GAUSS_CENTER, INNER_END, OUTER_START } from './two-class';

const spec = (name: DatasetName, over: Partial<DatasetSpec> = {}): DatasetSpec => ({
  ...defaultState.dataset,
  name,
  noise: 0,
  samples: 1000,
  ...over,
});

/** Every sample of both splits as [x, y, target]. */
function rows(d: Dataset): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const s of [d.train, d.test]) for (let i = 0; i < s.n; i++) out.push([s.x[2 * i], s.x[2 * i + 1], s.y[i]]);
  return out;
}

describe('two-class data sets', () => {
  it.each(['circles', 'xor', 'gaussians', 'spirals', 'moons'] as const)(
    '%s holds exactly the asked share of positives',
    (name) => {
      for (const positiveFraction of [0.5, 0.1]) {
        const all = rows(generateDataset(spec(name, { positiveFraction })));
        expect(all).toHaveLength(1000);
        expect(all.filter((r) => r[2] === 1)).toHaveLength(1000 * positiveFraction);
        expect(all.every((r) => r[2] === 0 || r[2] === 1)).toBe(true);
      }
    },
  );

  it('circles: the inner class lies inside its disc and the outer class on its ring', () => {
    for (const [x, y, label] of rows(generateDataset(spec('circles')))) {
      const r = Math.hypot(x, y);
      if (label === 1) expect(r).toBeLessThanOrEqual(INNER_END * CIRCLE_RADIUS + 1e-6);
      else {
        expect(r).toBeGreaterThanOrEqual(OUTER_START * CIRCLE_RADIUS - 1e-6);
        expect(r).toBeLessThanOrEqual(CIRCLE_RADIUS + 1e-6);
      }
    }
  });

  it('xor: without noise the label is the sign of x·y and both axes are spread over both signs', () => {
    const all = rows(generateDataset(spec('xor')));
    for (const [x, y, label] of all) expect(label).toBe(x * y > 0 ? 1 : 0);
    const quadrants = new Set(all.map(([x, y]) => `${Math.sign(x)}${Math.sign(y)}`));
    expect(quadrants.size).toBe(4);
  });

  it('gaussians: each class is centred on its own corner', () => {
    const all = rows(generateDataset(spec('gaussians')));
    for (const label of [0, 1]) {
      const pts = all.filter((r) => r[2] === label);
      const mx = pts.reduce((a, r) => a + r[0], 0) / pts.length;
      const my = pts.reduce((a, r) => a + r[1], 0) / pts.length;
      const c = label === 1 ? GAUSS_CENTER : -GAUSS_CENTER;
      expect(Math.abs(mx - c)).toBeLessThan(0.05);
      expect(Math.abs(my - c)).toBeLessThan(0.05);
    }
  });

  it('moons: without noise every point lies on its half circle of radius 0.6', () => {
    for (const [x, y, label] of rows(generateDataset(spec('moons')))) {
      const [cx, cy] = label === 0 ? [-0.3, -0.15] : [0.3, 0.15];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(0.6, 5);
      if (label === 0) expect(y).toBeGreaterThanOrEqual(cy - 1e-6);
      else expect(y).toBeLessThanOrEqual(cy + 1e-6);
    }
  });

  it('spirals: the two classes are point reflections of each other through the origin', () => {
    const all = rows(generateDataset(spec('spirals')));
    for (const [x, y] of all) expect(Math.hypot(x, y)).toBeLessThanOrEqual(0.9 + 1e-6);
    // A point of class 1 at angle θ and radius r is a class-0 point rotated by π; check with the spiral's equation:
    // r = 0.9 t and θ = 3.5π t (+π), so atan2 of the point, unwrapped, matches t from the radius.
    for (const [x, y, label] of all) {
      const t = Math.hypot(x, y) / 0.9;
      const a = 1.75 * t * 2 * Math.PI + (label === 1 ? Math.PI : 0);
      expect(x).toBeCloseTo(0.9 * t * Math.sin(a), 4);
      expect(y).toBeCloseTo(0.9 * t * Math.cos(a), 4);
    }
  });

  it('noise widens the classes', () => {
    const clean = rows(generateDataset(spec('circles', { noise: 0 })));
    const noisy = rows(generateDataset(spec('circles', { noise: 1 })));
    const maxR = (r: [number, number, number][]) => Math.max(...r.map(([x, y]) => Math.hypot(x, y)));
    expect(maxR(noisy)).toBeGreaterThan(maxR(clean) + 0.1);
  });
});

describe('regression and splitting', () => {
  it('plane: the target is (x + y) / 2 and inputs cover [-1, 1]²', () => {
    const all = rows(generateDataset(spec('plane')));
    for (const [x, y, t] of all) expect(t).toBeCloseTo((x + y) / 2, 6);
    expect(Math.min(...all.map((r) => r[0]))).toBeLessThan(-0.9);
    expect(Math.max(...all.map((r) => r[1]))).toBeGreaterThan(0.9);
  });

  it('bumps: peaks at (0.5, 0.5) and a trough at (-0.5, 0.5), targets within [-1, 1]', () => {
    const all = rows(generateDataset(spec('bumps', { samples: 4000 })));
    for (const [, , t] of all) expect(Math.abs(t)).toBeLessThanOrEqual(1);
    const near = (cx: number, cy: number) => all.filter(([x, y]) => Math.hypot(x - cx, y - cy) < 0.05);
    for (const [, , t] of near(0.5, 0.5)) expect(t).toBeGreaterThan(0.9);
    for (const [, , t] of near(-0.5, 0.5)) expect(t).toBeLessThan(-0.9);
  });

  it('splits by the train fraction, deterministically per seed', () => {
    const a = generateDataset(spec('circles', { trainFraction: 0.7 }));
    expect(a.train.n).toBe(700);
    expect(a.test.n).toBe(300);
    const b = generateDataset(spec('circles', { trainFraction: 0.7 }));
    expect(b.train.x).toEqual(a.train.x);
    const c = generateDataset(spec('circles', { trainFraction: 0.7, seed: 2 }));
    expect(c.train.x).not.toEqual(a.train.x);
  });

  it('rejects out-of-range specs with a message naming the field', () => {
    expect(() => generateDataset(spec('circles', { trainFraction: 1 }))).toThrow(/trainFraction/);
    expect(() => generateDataset(spec('circles', { noise: 2 }))).toThrow(/noise/);
    expect(() => generateDataset(spec('circles', { samples: 2 }))).toThrow(/samples/);
  });
});
