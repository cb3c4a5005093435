import { Tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generate';
import { defaultState } from '../state/defaults';
import { applyPatch } from '../state/patch';
import { CURVE_POINTS, SATURATION_THRESHOLD } from './layer-stats';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { traceHidden } from './trace';
import { Trainer } from './trainer';

const registry = createPlaygroundRegistry(playgroundPlugins);
const data = generateDataset(defaultState.dataset);
const trainer = (activation: string, biasInit: number, hyper = {}) =>
  new Trainer(applyPatch(defaultState, { activation, hyper, training: { biasInit } }), data, registry);

/** The first hidden layer's pre-activations on the probe rows, per unit (float64 closed forms are applied to them). */
function preByUnit(t: Trainer): number[][] {
  const rows = t.probeRows;
  const { inputDim } = t.data;
  const x = t.data.train.x.subarray(0, rows * inputDim);
  const [tr] = traceHidden(t.built, new Tensor(x, [rows, inputDim]));
  const out: number[][] = Array.from({ length: tr.units }, () => []);
  for (let r = 0; r < tr.rows; r++) for (let u = 0; u < tr.units; u++) out[u].push(tr.pre[r * tr.units + u]);
  return out;
}

describe('dead and saturated units', () => {
  it('ELU units pushed far negative are saturated (f′ = eˣ tiny but not 0), not dead; ReLU units there are dead', () => {
    const elu = trainer('elu', -30);
    const [layer] = elu.stats();
    // Independent truth: ELU's f′ on the negative side is exp(x), in float64, per unit over the probe rows.
    for (const [u, pres] of preByUnit(elu).entries()) {
      const largest = Math.max(...pres.map((x) => (x > 0 ? 1 : Math.exp(x))));
      expect(largest).toBeGreaterThan(0);
      expect(layer.saturated[u]).toBe(largest < SATURATION_THRESHOLD);
      expect(layer.dead[u]).toBe(false);
    }
    expect(layer.saturated.filter(Boolean).length).toBeGreaterThan(4);
    const relu = trainer('relu', -30).stats()[0];
    expect(relu.dead.every(Boolean)).toBe(true);
    expect(relu.saturated.some(Boolean)).toBe(false);
  });

  it('sigmoid units on a flat tail count as saturated by the stated threshold; at bias 0 none is', () => {
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    for (const bias of [0, -12]) {
      const t = trainer('sigmoid', bias);
      const [layer] = t.stats();
      for (const [u, pres] of preByUnit(t).entries()) {
        const largest = Math.max(...pres.map((x) => sig(x) * (1 - sig(x))));
        // Units within float32 rounding of the threshold are left out of the comparison.
        if (Math.abs(largest - SATURATION_THRESHOLD) > 1e-4) expect(layer.saturated[u]).toBe(largest < SATURATION_THRESHOLD);
      }
      expect(layer.saturated.filter(Boolean).length).toBe(bias === 0 ? 0 : 8);
    }
  });

  it('draws f and f′ with the learned values: PReLU at its mean learned slope, over the pre-activation range', () => {
    const t = trainer('prelu', 0, { numParameters: 8 });
    t.step(30);
    const [layer] = t.stats();
    const slopes = layer.learnables.slope;
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const { x0, x1, f, df } = layer.curve;
    expect(f).toHaveLength(CURVE_POINTS);
    expect(x0).toBeLessThanOrEqual(Math.min(-1, layer.preHistogram.min));
    expect(x1).toBeGreaterThanOrEqual(Math.max(1, layer.preHistogram.max));
    for (let i = 0; i < CURVE_POINTS; i++) {
      const x = Math.fround(x0 + ((x1 - x0) * i) / (CURVE_POINTS - 1));
      expect(f[i]).toBeCloseTo(x > 0 ? x : mean * x, 5);
      expect(df[i]).toBeCloseTo(x > 0 ? 1 : mean, 5);
    }
    // The pre-activation histogram counts every probe value.
    expect(layer.preHistogram.counts.reduce((a, b) => a + b, 0)).toBe(t.probeRows * 8);
  });
});
