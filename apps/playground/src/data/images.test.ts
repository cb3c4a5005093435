import { describe, expect, it } from 'vitest';
import { BARS_SIDE } from '../state/conv-stages';
import { generateDataset } from './generate';
import { BARS_CLASSES } from './images';

const spec = { name: 'bars', samples: 400, noise: 0, trainFraction: 0.75, positiveFraction: 0.5, seed: 3 } as const;

/** Which rows (or columns) of a 0/1 image are lit at all, and whether each lit one is lit over its whole length. */
function lines(img: Float32Array, rows: boolean): { lit: number[]; full: boolean[] } {
  const lit: number[] = [];
  const full: boolean[] = [];
  for (let a = 0; a < BARS_SIDE; a++) {
    let on = 0;
    for (let b = 0; b < BARS_SIDE; b++) on += img[rows ? a * BARS_SIDE + b : b * BARS_SIDE + a];
    if (on > 0) {
      lit.push(a);
      full.push(on === BARS_SIDE);
    }
  }
  return { lit, full };
}

describe('bars and stripes', () => {
  it('draws what each label says: a 2-pixel bar, or full stripes with period 3 or 4', () => {
    const d = generateDataset(spec);
    expect(d).toMatchObject({ name: 'bars', task: 'multiclass', inputDim: 144, outputDim: BARS_CLASSES.length });
    expect(d.train.n + d.test.n).toBe(400);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < d.train.n; i++) {
      const label = d.train.y.subarray(i * 4, i * 4 + 4).indexOf(1);
      counts[label]++;
      const img = d.train.x.subarray(i * 144, (i + 1) * 144);
      const horizontal = label === 0 || label === 2;
      const { lit, full } = lines(img, horizontal);
      const across = lines(img, !horizontal).lit;
      if (label < 2) {
        expect(lit).toHaveLength(2);
        expect(lit[1] - lit[0]).toBe(1);
        expect(across.length).toBeGreaterThanOrEqual(BARS_SIDE / 2);
      } else {
        expect(full.every(Boolean)).toBe(true);
        expect([3, 4]).toContain(lit[1] - lit[0]);
      }
    }
    for (const c of counts) expect(Math.abs(c - d.train.n / 4)).toBeLessThan(30);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(generateDataset(spec).train.x).toEqual(generateDataset(spec).train.x);
    expect(generateDataset({ ...spec, seed: 4 }).train.x).not.toEqual(generateDataset(spec).train.x);
  });

  it('refuses a sample count it cannot make', () => {
    expect(() => generateDataset({ ...spec, samples: 7 })).toThrow(
      'bars and stripes needs an integer of 8 to 20000 samples; got 7',
    );
  });
});
