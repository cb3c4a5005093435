import { beforeAll, describe, expect, it } from 'vitest';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { validateState } from '../state/validate';
import { findScenario, scenarios } from './definitions';
import { type RunResult, runScenario, runVariant } from './run';
import { markdownTable, summarize } from './summary';
import { variantState } from './variant-state';

const registry = createPlaygroundRegistry(playgroundPlugins);

const cache = new Map<string, RunResult[]>();

/** Mean of one metric of one variant over seeds 1 and 2 (each scenario is trained once). */
function metric(id: string, variant: string, name: string): number {
  const s = findScenario(id)!;
  if (!cache.has(id)) cache.set(id, runScenario(s, registry, { seeds: [1, 2] }));
  const runs = cache.get(id)!.filter((r) => r.variant === variant);
  expect(runs).toHaveLength(2);
  const xs = runs.map((r) => (r.metrics as Record<string, number>)[name]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('scenario definitions', () => {
  it('every variant is a valid state whose activations are registered, and each scenario says what to watch', () => {
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
    for (const s of scenarios) {
      expect(s.watch).toMatch(/^Watch .+\.$/);
      expect(s.variants.length).toBeGreaterThanOrEqual(2);
      for (const v of s.variants) {
        const state = variantState(s, v);
        expect(validateState(JSON.parse(JSON.stringify(state)))).toEqual(state);
        for (const h of state.network.hidden) expect(registry.hasActivation(h.activation)).toBe(true);
      }
    }
  });

  it('a run is reproducible and a table has one row per variant', () => {
    const s = findScenario('negative-bias-kills-at-birth')!;
    const a = runVariant(s, s.variants[0], 7, registry, { steps: 40 });
    const b = runVariant(s, s.variants[0], 7, registry, { steps: 40 });
    expect(a.metrics).toEqual(b.metrics);
    const runs = runScenario(s, registry, { seeds: [1], steps: 20 });
    expect(runs).toHaveLength(s.variants.length);
    const table = markdownTable(s, summarize(s, runs)).split('\n');
    expect(table).toHaveLength(2 + s.variants.length);
  });
});

describe('the claims hold (two seeds each)', () => {
  it('ReLU reaches the target loss before tanh; sigmoid does not reach it', () => {
    const relu = metric('relu-converges-faster', 'relu', 'stepsToTarget');
    const tanh = metric('relu-converges-faster', 'tanh', 'stepsToTarget');
    expect(relu).toBeLessThan(tanh);
    expect(metric('relu-converges-faster', 'sigmoid', 'stepsToTarget')).toBeNaN();
  });

  it('a deep sigmoid stack passes a thousand times less gradient to its first layer than ReLU', () => {
    expect(metric('vanishing-gradient', 'sigmoid', 'gradRatio')).toBeLessThan(1e-3);
    expect(metric('vanishing-gradient', 'relu', 'gradRatio')).toBeGreaterThan(0.1);
  });

  it('ReLU dead units grow with the learning rate; Leaky ReLU has none', () => {
    const low = metric('high-lr-kills-relu', 'relu lr 0.03', 'deadFraction');
    const high = metric('high-lr-kills-relu', 'relu lr 3', 'deadFraction');
    expect(high).toBeGreaterThan(low + 0.25);
    expect(metric('high-lr-kills-relu', 'leaky lr 3', 'deadFraction')).toBe(0);
  });

  it('a bias of -3 kills every ReLU unit at birth and the loss stays at ln 2; ELU learns', () => {
    expect(metric('negative-bias-kills-at-birth', 'relu bias -3', 'deadAtStart')).toBe(1);
    expect(metric('negative-bias-kills-at-birth', 'relu bias -3', 'trainLoss')).toBeCloseTo(Math.LN2, 2);
    expect(metric('negative-bias-kills-at-birth', 'elu bias -3', 'deadFraction')).toBe(0);
    expect(metric('negative-bias-kills-at-birth', 'elu bias -3', 'trainLoss')).toBeLessThan(0.2);
  });

  it('with 10% positives, plain SGD scores high accuracy but finds few positives', () => {
    expect(metric('imbalanced-data', '10% positive', 'testAccuracy')).toBeGreaterThan(0.8);
    expect(metric('imbalanced-data', '10% positive', 'minorityRecall')).toBeLessThan(0.5);
    expect(metric('imbalanced-data', 'balanced', 'minorityRecall')).toBeGreaterThan(0.8);
  });

  it('under Adam 0.05 ReLU loses units while Leaky ReLU and PReLU keep them all', () => {
    expect(metric('cures-keep-units-alive', 'relu', 'deadFraction')).toBeGreaterThan(0.25);
    expect(metric('cures-keep-units-alive', 'leaky-relu', 'deadFraction')).toBe(0);
    expect(metric('cures-keep-units-alive', 'prelu', 'deadFraction')).toBe(0);
  });

  it("residual blocks make a 12-layer stack train faster: far lower loss at the scenario's step count", () => {
    expect(metric('residual-helps', 'residual', 'trainLoss')).toBeLessThan(metric('residual-helps', 'plain', 'trainLoss') - 0.15);
  });
});

describe('BatchNorm keeps ReLU units alive (the scenario, all five seeds)', () => {
  const s = findScenario('batch-norm-keeps-relu-alive')!;
  let runs: RunResult[] = [];
  beforeAll(() => {
    runs = runScenario(s, registry);
  });
  const perSeed = (variant: string, name: 'deadFraction' | 'testAccuracy') =>
    runs.filter((r) => r.variant === variant).map((r) => r.metrics[name] as number);

  it('trains plain ReLU and ReLU + BatchNorm over at least five seeds', () => {
    expect(s.seeds.length).toBeGreaterThanOrEqual(5);
    for (const v of s.variants) expect(perSeed(v.label, 'deadFraction')).toHaveLength(s.seeds.length);
    expect(variantState(s, s.variants[1]).network.hidden.every((h) => h.norm === 'batch-norm')).toBe(true);
    expect(variantState(s, s.variants[0]).network.hidden.every((h) => h.norm === undefined)).toBe(true);
  });

  it.each([
    ['relu, lr 1', 'relu + batch-norm, lr 1'],
    ['relu, bias -1', 'relu + batch-norm, bias -1'],
  ])('%s loses units that %s keeps, on every seed, and learns less', (plain, normed) => {
    const dead = perSeed(plain, 'deadFraction');
    const deadNorm = perSeed(normed, 'deadFraction');
    for (const [i, d] of deadNorm.entries()) expect(d).toBeLessThan(dead[i]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(dead)).toBeGreaterThan(0.25);
    expect(mean(deadNorm)).toBeLessThan(0.05);
    expect(mean(perSeed(normed, 'testAccuracy'))).toBeGreaterThan(mean(perSeed(plain, 'testAccuracy')));
  });
});
