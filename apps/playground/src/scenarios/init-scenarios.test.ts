import { describe, expect, it } from 'vitest';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { findScenario } from './definitions';
import { type RunResult, runScenario } from './run';

const registry = createPlaygroundRegistry(playgroundPlugins);
const cache = new Map<string, RunResult[]>();

/** One metric of one variant for seeds 1 and 2. */
function values(id: string, variant: string, name: string): number[] {
  if (!cache.has(id)) cache.set(id, runScenario(findScenario(id)!, registry, { seeds: [1, 2] }));
  const runs = cache.get(id)!.filter((r) => r.variant === variant);
  expect(runs).toHaveLength(2);
  return runs.map((r) => (r.metrics as Record<string, number>)[name]);
}

describe('the initialisation claims hold (two seeds each)', () => {
  it('zero and constant weights leave every unit of a layer identical to the end; He gives every unit its own', () => {
    expect(values('symmetry', 'zeros', 'distinctUnits')).toEqual([1, 1]);
    expect(values('symmetry', 'constant 0.1', 'distinctUnits')).toEqual([1, 1]);
    expect(values('symmetry', 'he normal', 'distinctUnits')).toEqual([8, 8]);
    for (const v of values('symmetry', 'he normal', 'trainLoss')) expect(v).toBeLessThan(0.1);
  });

  it('Glorot shrinks a 30-layer ReLU stack by about √2 per layer against He, and only He trains', () => {
    const glorot = values('scale-through-depth', 'glorot', 'initStdRatio');
    const he = values('scale-through-depth', 'he', 'initStdRatio');
    // Same seed, same draws up to scale: hidden layers 2–30 have fanIn = fanOut = 16, so Glorot's std is He's / √2.
    glorot.forEach((g, i) => {
      expect(g / he[i]).toBeCloseTo(Math.SQRT1_2 ** 29, 8);
    });
    for (const v of values('scale-through-depth', 'glorot', 'trainLoss')) expect(v).toBeGreaterThan(0.6);
    for (const v of values('scale-through-depth', 'he', 'trainLoss')) expect(v).toBeLessThan(0.1);
  });

  it('20 layers of 3 ReLU units with He initialisation are born dead; Leaky ReLU is not', () => {
    expect(values('born-dead-deep-narrow', 'relu, he', 'bornDead')).toEqual([1, 1]);
    expect(values('born-dead-deep-narrow', 'leaky 0.01, he', 'bornDead')).toEqual([0, 0]);
    for (const v of values('born-dead-deep-narrow', 'relu, he', 'trainLoss')) expect(v).toBeCloseTo(Math.LN2, 3);
  });
});
