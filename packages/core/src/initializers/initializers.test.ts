import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { createRng } from '../random';
import type { Initializer } from './contract';
import {
  constantInit,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  initializerFromConfig,
  lecunNormal,
  lecunUniform,
  zeroInit,
} from './index';

const FAN_IN = 800;
const FAN_OUT = 250;
const N = FAN_IN * FAN_OUT;

function sample(init: Initializer, seed = 1): Float32Array {
  const out = new Float32Array(N);
  init.fill(out, FAN_IN, FAN_OUT, createRng(seed));
  return out;
}

/** 64 values, for comparisons (vitest's deep equality is slow on large arrays). */
function small(init: Initializer, seed: number): number[] {
  const out = new Float32Array(64);
  init.fill(out, FAN_IN, FAN_OUT, createRng(seed));
  return Array.from(out);
}

function moments(a: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of a) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / a.length;
  let sq = 0;
  for (const v of a) sq += (v - mean) ** 2;
  return { mean, variance: sq / (a.length - 1), min, max };
}

/** Expected variance of each initializer for FAN_IN/FAN_OUT, written from PyTorch's formulas. */
const normals: [string, Initializer, number][] = [
  ['heNormal', heNormal(), 2 / FAN_IN],
  ['heNormal leaky a=0.2', heNormal({ negativeSlope: 0.2 }), 2 / (1 + 0.04) / FAN_IN],
  ['heNormal fanOut', heNormal({ mode: 'fanOut' }), 2 / FAN_OUT],
  ['glorotNormal', glorotNormal(), 2 / (FAN_IN + FAN_OUT)],
  ['glorotNormal gain 5/3', glorotNormal({ gain: 5 / 3 }), (25 / 9) * (2 / (FAN_IN + FAN_OUT))],
  ['lecunNormal', lecunNormal(), 1 / FAN_IN],
];

/** Expected bound of each uniform initializer. */
const uniforms: [string, Initializer, number][] = [
  ['heUniform', heUniform(), Math.sqrt(6 / FAN_IN)],
  ['heUniform leaky a=√5', heUniform({ negativeSlope: Math.sqrt(5) }), Math.sqrt(1 / FAN_IN)],
  ['heUniform fanOut', heUniform({ mode: 'fanOut' }), Math.sqrt(6 / FAN_OUT)],
  ['glorotUniform', glorotUniform(), Math.sqrt(6 / (FAN_IN + FAN_OUT))],
  ['lecunUniform', lecunUniform(), Math.sqrt(3 / FAN_IN)],
];

describe.each(normals)('%s', (_name, init, variance) => {
  it('draws zero-mean values with the formula variance', () => {
    const m = moments(sample(init));
    const std = Math.sqrt(variance);
    expect(Math.abs(m.mean)).toBeLessThan((5 * std) / Math.sqrt(N));
    // The relative standard error of a sample variance is √(2/N) ≈ 0.3% here.
    expect(m.variance / variance).toBeGreaterThan(0.98);
    expect(m.variance / variance).toBeLessThan(1.02);
    // A plain (untruncated) normal reaches beyond 2σ about 4.6% of the time.
    expect(m.max).toBeGreaterThan(3 * std);
    expect(m.min).toBeLessThan(-3 * std);
  });
});

describe.each(uniforms)('%s', (_name, init, limit) => {
  it('draws within ±limit, filling the range, with variance limit²/3', () => {
    const m = moments(sample(init));
    expect(m.max).toBeLessThanOrEqual(limit);
    expect(m.min).toBeGreaterThanOrEqual(-limit);
    expect(m.max).toBeGreaterThan(0.999 * limit);
    expect(m.min).toBeLessThan(-0.999 * limit);
    expect(Math.abs(m.mean)).toBeLessThan((5 * limit) / Math.sqrt(3 * N));
    expect(m.variance / ((limit * limit) / 3)).toBeGreaterThan(0.98);
    expect(m.variance / ((limit * limit) / 3)).toBeLessThan(1.02);
  });
});

describe('determinism and config', () => {
  const all = [...normals, ...uniforms].map(([, init]) => init);

  it('the same seed gives the same values; another seed does not', () => {
    for (const init of all) {
      expect(small(init, 5)).toEqual(small(init, 5));
      expect(small(init, 5)).not.toEqual(small(init, 6));
    }
  });

  it('initializerFromConfig rebuilds an initializer that draws the same values', () => {
    for (const init of [...all, constantInit(0.1), zeroInit()]) {
      const rebuilt = initializerFromConfig(JSON.parse(JSON.stringify(init.config())));
      expect(rebuilt.type).toBe(init.type);
      expect(rebuilt.config()).toEqual(init.config());
      expect(small(rebuilt, 3)).toEqual(small(init, 3));
    }
  });

  it('constant and zero fill without drawing from the generator', () => {
    const rng = createRng(9);
    const out = new Float32Array(4);
    constantInit(0.25).fill(out, 2, 2, rng);
    expect(Array.from(out)).toEqual([0.25, 0.25, 0.25, 0.25]);
    zeroInit().fill(out, 2, 2, rng);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
    expect(rng.nextUint32()).toBe(createRng(9).nextUint32());
  });
});

describe('validation', () => {
  it('rejects bad options, naming them', () => {
    expect(() => heNormal({ mode: 'fanAvg' as never })).toThrow(/mode must be "fanIn" or "fanOut"/);
    expect(() => heNormal({ negativeSlope: Number.NaN })).toThrow(ValidationError);
    expect(() => heUniform({ slope: 1 } as never)).toThrow(/unknown option "slope"/);
    expect(() => glorotUniform({ gain: 0 })).toThrow(/gain must be > 0/);
    expect(() => constantInit(Infinity)).toThrow(/value must be a finite number/);
  });

  it('rejects bad fans', () => {
    const out = new Float32Array(4);
    expect(() => heNormal().fill(out, 0, 4, createRng(1))).toThrow(/fanIn must be a positive integer/);
    expect(() => glorotNormal().fill(out, 4, 0, createRng(1))).toThrow(/fanOut must be a positive integer/);
    expect(() => heNormal({ mode: 'fanOut' }).fill(out, 4, 1.5, createRng(1))).toThrow(ValidationError);
  });

  it('initializerFromConfig rejects unknown types and fields', () => {
    expect(() => initializerFromConfig({ type: 'orthogonal' })).toThrow(
      /unknown initializer type "orthogonal"; known: he-normal/,
    );
    expect(() => initializerFromConfig({ type: 'zeros', value: 1 })).toThrow(/unknown option "value"/);
    expect(() => initializerFromConfig({ type: 'constant' })).toThrow(/value must be a finite number/);
    expect(() => initializerFromConfig({ type: 'he-normal', mode: 'fan_in' })).toThrow(ValidationError);
  });
});
