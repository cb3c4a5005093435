import { describe, expect, it } from 'vitest';
import { avgPool2d, conv2d, globalAvgPool, maxPool2d, type Pair, type Padding } from '../src';
import { build, type FixtureCase, fixtureCases, maxRelError, run } from './support';

function layerFor(c: FixtureCase) {
  const o = c.options as Record<string, unknown>;
  switch (c.op) {
    case 'conv2d':
      return conv2d(o.filters as number, o.kernelSize as Pair, {
        strides: o.strides as number | Pair,
        padding: o.padding as Padding,
        dilation: o.dilation as number,
        groups: o.groups as number,
        useBias: o.useBias as boolean,
      });
    case 'maxPool2d':
      return maxPool2d(o.poolSize as Pair, { strides: o.strides as Pair, padding: o.padding as Pair });
    case 'avgPool2d':
      return avgPool2d(o.poolSize as Pair, { strides: o.strides as Pair, padding: o.padding as Pair });
    case 'globalAvgPool':
      return globalAvgPool();
  }
}

const TOL = 2e-5; // float32 sums of ≤ 100 terms against PyTorch's float64

describe('PyTorch parity (fixtures/make_fixtures.py)', () => {
  it('has the cases the script writes', () => {
    expect(fixtureCases.length).toBe(18);
  });
  for (const c of fixtureCases) {
    it(`${c.op}: ${c.name}`, () => {
      const layer = build(layerFor(c), c.inputShape.slice(1));
      if (c.weight) {
        layer.param('kernel').value.set(c.weight);
        if (c.bias) layer.param('bias').value.set(c.bias);
      }
      const { y, yShape, dx } = run(layer, c.x, c.inputShape, c.dy);
      expect(yShape).toEqual(c.outputShape);
      expect(maxRelError(y, c.y)).toBeLessThan(TOL);
      expect(maxRelError(dx, c.dx)).toBeLessThan(TOL);
      if (c.dWeight) expect(maxRelError(layer.param('kernel').grad, c.dWeight)).toBeLessThan(TOL);
      if (c.dBias) expect(maxRelError(layer.param('bias').grad, c.dBias)).toBeLessThan(TOL);
    });
  }

  it('max pool ties: the gradient goes to exactly the first maximal element (PyTorch), bit for bit', () => {
    for (const c of fixtureCases.filter((k) => k.name.includes('ties'))) {
      const layer = build(layerFor(c), c.inputShape.slice(1));
      const { dx } = run(layer, c.x, c.inputShape, c.dy);
      // Which elements receive gradient must match exactly, not just approximately.
      for (let i = 0; i < dx.length; i++) expect(dx[i] === 0).toBe(c.dx[i] === 0);
    }
  });
});
