import { describe, expect, it } from 'vitest';
import { countDistinctUnits } from '../engine/layer-stats';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import { stdBar } from '../ui/views/activation-std';
import { bornDeadChart, bornDeadStudy, bornDeadTable, deadFraction, heBornDeadBounds } from './born-dead';
import { initScaleStudy, initScaleTable } from './init-scale';

const registry = createPlaygroundRegistry(playgroundPlugins);

describe('born-dead study', () => {
  const options = {
    widths: [2, 3],
    depths: [5, 10],
    inits: ['he', 'rai', 'leaky'] as const,
    trials: 400,
    probePoints: 65,
    seed: 1,
  };
  const cells = bornDeadStudy(registry, options);
  const cell = (init: string, width: number, depth: number) =>
    cells.find((c) => c.init === init && c.width === width && c.depth === depth)!;

  it('He: the born-dead fraction lies between the closed-form bounds (4 binomial standard errors)', () => {
    for (const width of options.widths) {
      for (const depth of options.depths) {
        const p = deadFraction(cell('he', width, depth));
        const { lower, upper } = heBornDeadBounds(width, depth);
        const se = (q: number) => 4 * Math.sqrt((q * (1 - q)) / options.trials) + 1e-9;
        expect(p, `width ${width} depth ${depth}`).toBeGreaterThanOrEqual(lower - se(lower));
        expect(p, `width ${width} depth ${depth}`).toBeLessThanOrEqual(upper + se(upper));
      }
    }
  });

  it('the asymmetric initialisation is born dead less often than He; Leaky ReLU never at these depths', () => {
    for (const width of options.widths) {
      for (const depth of options.depths) {
        expect(deadFraction(cell('rai', width, depth))).toBeLessThan(deadFraction(cell('he', width, depth)));
        expect(cell('leaky', width, depth).dead).toBe(0);
      }
    }
  });

  it('writes one table row per (init, width) plus the bounds, and a chart with a line per row', () => {
    expect(bornDeadTable(cells, options).split('\n')).toHaveLength(2 + 3 * 2 + 2);
    expect(bornDeadChart(cells, options).match(/<path /g)).toHaveLength(3 * 2 + 2);
  });
});

describe('activation std at initialisation through 30 ReLU layers', () => {
  it('at width 256 the std changes by about 1/√2 per layer with Glorot and LeCun and stays level with He', () => {
    const rows = initScaleStudy(registry, { widths: [256], seeds: [1, 2], probeRows: 128 });
    const factor = (init: string) => {
      const r = rows.find((x) => x.init === init)!;
      return (r.std[29] / r.std[0]) ** (1 / 29);
    };
    expect(Math.abs(factor('glorot') - Math.SQRT1_2)).toBeLessThan(0.02);
    expect(Math.abs(factor('lecun') - Math.SQRT1_2)).toBeLessThan(0.02);
    expect(Math.abs(factor('he') - 1)).toBeLessThan(0.03);
    expect(initScaleTable(rows).split('\n')).toHaveLength(2 + 3);
  });
});

describe('views and counts', () => {
  it('counts distinct units by their incoming weights and bias', () => {
    // Kernel [2 inputs, 3 units] row-major: units 0 and 2 have the same column.
    const kernel = new Float32Array([1, 2, 1, 3, 4, 3]);
    expect(countDistinctUnits(kernel, new Float32Array([0, 0, 0]), 3)).toBe(2);
    expect(countDistinctUnits(kernel, new Float32Array([0, 0, 1]), 3)).toBe(3);
    expect(countDistinctUnits(new Float32Array(6).fill(0.1), undefined, 3)).toBe(1);
  });

  it('the std bar is log-scaled from 1e-8 to 1e4', () => {
    expect(stdBar(1e-8)).toBe(0);
    expect(stdBar(1)).toBeCloseTo(8 / 12, 12);
    expect(stdBar(1e4)).toBe(1);
    expect(stdBar(1e9)).toBe(1);
    expect(stdBar(0)).toBe(0);
    expect(stdBar(Number.NaN)).toBe(0);
  });
});
