import { defineActivation } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch, stack } from '../state/patch';
import { HISTOGRAM_BINS } from './layer-stats';
import { createPlaygroundRegistry } from './registry';
import { Trainer } from './trainer';

/** A ReLU written here, so these tests do not depend on the @rectify/relu package. */
const testRelu = defineActivation({
  name: 'test-relu',
  apiVersion: 1,
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : 0;
    },
    backward(x, _y, dy, dx, { length }) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    },
  },
});
const registry = createPlaygroundRegistry([testRelu]);

describe('Trainer', () => {
  it('learns the circles set to a high test accuracy', () => {
    const state = applyPatch(defaultState, { network: { hidden: stack(2, 8, 'tanh') }, training: { learningRate: 0.03 } });
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    const before = t.evaluate();
    t.step(400);
    const after = t.evaluate();
    expect(after.step).toBe(400);
    expect(after.trainLoss).toBeLessThan(before.trainLoss / 3);
    expect(after.testAccuracy).toBeGreaterThan(0.9);
  });

  it('is reproducible: the same state gives the same losses', () => {
    const state = applyPatch(defaultState, { activation: 'test-relu' });
    const data = generateDataset(state.dataset);
    const a = new Trainer(state, data, registry);
    const b = new Trainer(state, data, registry);
    a.step(50);
    b.step(50);
    expect(a.evaluate()).toEqual(b.evaluate());
  });

  it('a bias of -10 kills every ReLU unit at birth; a bias of 0 kills none on this data', () => {
    const dead = applyPatch(defaultState, { activation: 'test-relu', training: { biasInit: -10 } });
    const data = generateDataset(dead.dataset);
    const stats = new Trainer(dead, data, registry).stats();
    for (const s of stats) {
      expect(s.deadFraction).toBe(1);
      expect(s.sparsity).toBe(1);
    }
    const alive = new Trainer(applyPatch(dead, { training: { biasInit: 0 } }), data, registry).stats();
    expect(alive[0].deadFraction).toBe(0);
  });

  it('stats: histograms count every probe value; tanh units are never dead', () => {
    const state = applyPatch(defaultState, { activation: 'tanh' });
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    t.step(5);
    const stats = t.stats();
    expect(stats).toHaveLength(2);
    for (const s of stats) {
      expect(s.histogram.counts).toHaveLength(HISTOGRAM_BINS);
      expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(256 * s.units);
      expect(s.histogram.min).toBeGreaterThanOrEqual(-1);
      expect(s.histogram.max).toBeLessThanOrEqual(1);
      expect(s.deadFraction).toBe(0);
      expect(s.gradNorm).toBeGreaterThan(0);
    }
  });

  it('residual connections wrap every hidden layer after the first', () => {
    const state = applyPatch(defaultState, { network: { hidden: stack(3, 8, 'tanh'), residual: true } });
    const t = new Trainer(state, generateDataset(state.dataset), registry);
    expect(t.built.model.layers.map((l) => l.type)).toEqual(['dense', 'activation', 'residual', 'residual', 'dense']);
    t.step(20);
    expect(t.stats()).toHaveLength(3);
    expect(t.outputGrid(10)).toHaveLength(100);
    const g = t.outputGrid(10);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...g)).toBeLessThanOrEqual(1);
  });

  it('trains on input features: x₁² and x₂² let a model without hidden layers separate the circles', () => {
    const linear = applyPatch(defaultState, { network: { hidden: [] }, training: { learningRate: 0.05 } });
    const squares = applyPatch(linear, { dataset: { features: ['x1sq', 'x2sq'] } });
    const data = generateDataset(linear.dataset);
    const plain = new Trainer(linear, data, registry);
    const wide = new Trainer(squares, data, registry);
    expect(plain.built.model.inputShape).toEqual([2]);
    expect(wide.built.model.inputShape).toEqual([4]);
    plain.step(600);
    wide.step(600);
    // The classes are rings: no line of the plane splits them, a circle (a line in x₁², x₂²) does.
    expect(plain.evaluate().testAccuracy).toBeLessThan(0.75);
    expect(wide.evaluate().testAccuracy).toBeGreaterThan(0.95);
    // The output grid feeds the same features: p > 0.5 inside the inner circle, < 0.5 at the corners.
    const res = 21;
    const grid = wide.outputGrid(res);
    expect(grid[10 * res + 10]).toBeGreaterThan(0.5);
    expect(grid[0]).toBeLessThan(0.5);
  });
});
