import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '@rectify/core';
import { conv2d, conv2dPlugin } from '../src';
import { build } from './support';

/** One case of fixtures/init.json (made by fixtures/make_init_fixtures.py from PyTorch's nn.Conv2d). */
interface InitCase {
  readonly channels: number;
  readonly filters: number;
  readonly kernelSize: number;
  readonly groups: number;
  readonly fanIn: number;
  readonly weightBound: number;
  readonly biasBound: number;
}

const cases: readonly InitCase[] = JSON.parse(readFileSync(new URL('../fixtures/init.json', import.meta.url), 'utf8')).cases;

function extremes(values: Float32Array): { maxAbs: number; variance: number } {
  let maxAbs = 0;
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    maxAbs = Math.max(maxAbs, Math.abs(v));
    sum += v;
    squares += v * v;
  }
  const mean = sum / values.length;
  return { maxAbs, variance: squares / values.length - mean * mean };
}

describe("conv2d's default initialisation is nn.Conv2d's (bounds from PyTorch)", () => {
  it.each(cases.map((c) => [`${c.channels}→${c.filters} ${c.kernelSize}×${c.kernelSize} groups ${c.groups}`, c]))(
    '%s: kernel U(±weightBound), bias U(±biasBound)',
    (_, c) => {
      const layer = build(conv2d(c.filters, c.kernelSize, { groups: c.groups }), [c.channels, 8, 8]);
      const kernel = extremes(layer.param('kernel').value);
      // float32 storage rounds a draw near the float64 bound by at most half an ulp.
      expect(kernel.maxAbs).toBeLessThanOrEqual(c.weightBound * (1 + 2 ** -24));
      expect(kernel.maxAbs).toBeGreaterThan(c.weightBound * 0.97);
      // A uniform's variance is bound²/3; within 6 % on ≥ 9,216 draws.
      expect(kernel.variance / (c.weightBound ** 2 / 3)).toBeCloseTo(1, 1);
      const bias = extremes(layer.param('bias').value);
      expect(bias.maxAbs).toBeLessThanOrEqual(c.biasBound * (1 + 2 ** -24));
      expect(bias.maxAbs).toBeGreaterThan(c.biasBound * 0.9);
    },
  );

  it('the defaults serialise as he-uniform with a = √5 and rebuild from JSON to the same draw', () => {
    const layer = conv2d(4, 3);
    const json = JSON.stringify(layer.config());
    expect(JSON.parse(json)).toMatchObject({
      kernelInitializer: { type: 'he-uniform', negativeSlope: Math.sqrt(5), mode: 'fanIn' },
      biasInitializer: { type: 'he-uniform', negativeSlope: Math.sqrt(5), mode: 'fanIn' },
    });
    const again = conv2dPlugin.fromConfig(JSON.parse(json), defaultRegistry);
    build(layer, [2, 6, 6]);
    build(again, [2, 6, 6]);
    expect(again.param('kernel').value).toEqual(layer.param('kernel').value);
    expect(again.param('bias').value).toEqual(layer.param('bias').value);
  });
});
