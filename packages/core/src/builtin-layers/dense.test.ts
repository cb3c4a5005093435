import { describe, expect, it } from 'vitest';
import { denseF64, expectGradClose, f64, numericGrad, probe, randomValues } from '../../test/support/gradcheck';
import { ShapeError, ValidationError } from '../errors';
import { constantInit, heNormal } from '../initializers';
import { Rng } from '../random';
import { createRegistry } from '../registry';
import { Tensor } from '../tensor';
import { dense, denseLayerPlugin } from './dense';

const ctx = (seed = 3) => ({ rng: new Rng(seed), registry: createRegistry() });

describe('dense', () => {
  const rows = 5;
  const inputs = 3;
  const units = 4;

  it('computes x·W + b and float64-checked gradients for kernel, bias and input', () => {
    const layer = dense(units);
    expect(layer.build([inputs], ctx())).toEqual([units]);
    layer.param('bias').value.set(randomValues(units, 11));
    const x = new Tensor(randomValues(rows * inputs, 12), [rows, inputs]);
    const c = randomValues(rows * units, 13);
    const y = layer.forward(x, true);
    expect(y.shape).toEqual([rows, units]);

    const x64 = f64(x.data);
    const w64 = f64(layer.param('kernel').value);
    const b64 = f64(layer.param('bias').value ?? []);
    expectGradClose('y', y.data, denseF64(x64, w64, b64, rows, inputs, units), 1e-5, 1e-6);

    const dx = layer.backward(new Tensor(c, [rows, units]));
    const loss = () => probe(denseF64(x64, w64, b64, rows, inputs, units), c);
    expectGradClose('kernel', layer.param('kernel').grad, numericGrad(w64, loss));
    expectGradClose('bias', layer.param('bias').grad, numericGrad(b64, loss));
    expectGradClose('dx', dx.data, numericGrad(x64, loss));
  });

  it('adds gradients into Param.grad rather than overwriting them', () => {
    const layer = dense(units);
    layer.build([inputs], ctx());
    const x = new Tensor(randomValues(rows * inputs, 1), [rows, inputs]);
    const dy = new Tensor(randomValues(rows * units, 2), [rows, units]);
    layer.forward(x, true);
    layer.backward(dy);
    const once = layer.param('kernel').grad.slice();
    layer.backward(dy);
    expectGradClose(
      'twice',
      layer.param('kernel').grad,
      Array.from(once, (v) => 2 * v),
      1e-6,
      1e-7,
    );
  });

  it('gives the same parameter gradients when told the input gradient is not needed', () => {
    const layer = dense(units);
    layer.build([inputs], ctx());
    const x = new Tensor(randomValues(rows * inputs, 1), [rows, inputs]);
    const dy = new Tensor(randomValues(rows * units, 2), [rows, units]);
    layer.forward(x, true);
    layer.backward(dy);
    const full = layer.params().map((p) => Array.from(p.grad));
    for (const p of layer.params()) p.grad.fill(0);
    expect(layer.backward(dy, false).shape).toEqual([rows, inputs]);
    expect(layer.params().map((p) => Array.from(p.grad))).toEqual(full);
  });

  it('has no bias with useBias: false, and uses the given initializers', () => {
    const layer = dense(2, { useBias: false, kernelInitializer: constantInit(0.5) });
    layer.build([3], ctx());
    expect(layer.params().map((p) => p.name)).toEqual(['kernel']);
    expect(Array.from(layer.param('kernel').value)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const y = layer.forward(new Tensor(Float32Array.from([1, 2, 3]), [1, 3]), false);
    expect(Array.from(y.data)).toEqual([3, 3]);
  });

  it('marks the kernel for weight decay and the bias not', () => {
    const layer = dense(2);
    layer.build([3], ctx());
    expect(layer.params().map((p) => [p.name, p.shape, p.decay])).toEqual([
      ['kernel', [3, 2], true],
      ['bias', [2], false],
    ]);
  });

  it('names the layer and both shapes on a shape mismatch', () => {
    const layer = dense(4);
    layer.build([3], ctx());
    const bad = new Tensor(new Float32Array(10), [5, 2]);
    expect(() => layer.forward(bad, false)).toThrow(ShapeError);
    expect(() => layer.forward(bad, false)).toThrow(/dense\(4\).*\[5, 2\].*\[batch, 3\]/);
    expect(() => dense(2).build([2, 3], ctx())).toThrow(/dense\(2\).*\[2, 3\]/);
  });

  it('refuses to be built twice and to run unbuilt', () => {
    const layer = dense(2);
    expect(() => layer.forward(new Tensor(new Float32Array(3), [1, 3]), false)).toThrow(/not built/);
    layer.build([3], ctx());
    expect(() => layer.build([3], ctx())).toThrow(/already built/);
  });

  it('round-trips its config through the layer plugin; same seed gives the same weights', () => {
    const original = dense(5, { kernelInitializer: heNormal(), useBias: true });
    const config = original.config();
    expect(config).toMatchObject({ type: 'dense', units: 5, useBias: true, kernelInitializer: { type: 'he-normal' } });
    const copy = denseLayerPlugin.fromConfig(JSON.parse(JSON.stringify(config)), createRegistry());
    expect(copy.config()).toEqual(config);
    original.build([3], ctx(9));
    copy.build([3], ctx(9));
    expect(Array.from(copy.params()[0].value)).toEqual(Array.from(original.param('kernel').value));
  });

  it('validates every config field, naming it', () => {
    const reg = createRegistry();
    const good = dense(2).config();
    expect(() => denseLayerPlugin.fromConfig({ ...good, units: '2' }, reg)).toThrow(ValidationError);
    expect(() => denseLayerPlugin.fromConfig({ ...good, units: 0 }, reg)).toThrow(/"units"/);
    expect(() => denseLayerPlugin.fromConfig({ ...good, useBias: 'yes' }, reg)).toThrow(/"useBias"/);
    expect(() => denseLayerPlugin.fromConfig({ ...good, kernelInitializer: 'glorot' }, reg)).toThrow(/"kernelInitializer"/);
    expect(() => denseLayerPlugin.fromConfig({ ...good, kernelInitializer: { type: 'eval' } }, reg)).toThrow(
      /"kernelInitializer"/,
    );
    expect(() => denseLayerPlugin.fromConfig({ ...good, extra: 1 }, reg)).toThrow(/"extra"/);
    expect(() => denseLayerPlugin.fromConfig({ ...good, type: 'conv' }, reg)).toThrow(/"type"/);
  });
});
