import { describe, expect, it } from 'vitest';
import { expectGradClose, f64, numericGrad, probe, randomValues } from '../../test/support/gradcheck';
import { scaledTanh } from '../../test/support/scaled-tanh';
import { defineActivation } from '../activation/define';
import { sigmoid, tanh } from '../activations';
import { PluginError, ShapeError, ValidationError } from '../errors';
import { Rng } from '../random';
import { createRegistry } from '../registry';
import { Tensor } from '../tensor';
import { activationOf } from '../layers/activation-layer';
import { activation, activationLayerPlugin } from './activation';

const registry = createRegistry().registerActivation(tanh).registerActivation(sigmoid).registerActivation(scaledTanh);
const ctx = () => ({ rng: new Rng(1), registry });

describe('activation layer', () => {
  it('applies tanh and its backward matches float64 central differences', () => {
    const layer = activation(tanh);
    layer.build([4], ctx());
    const x = new Tensor(randomValues(12, 5, 2), [3, 4]);
    const c = randomValues(12, 6);
    const y = layer.forward(x, true);
    expectGradClose('y', y.data, Array.from(x.data, Math.tanh), 1e-6, 1e-7);
    const dx = layer.backward(new Tensor(c, [3, 4]));
    const x64 = f64(x.data);
    expectGradClose(
      'dx',
      dx.data,
      numericGrad(x64, () => probe(Array.from(x64, Math.tanh), c)),
    );
    expect(layer.params()).toEqual([]);
  });

  it('turns per-channel learnables into Params (decay false) with channel = dim 1 and inner = the rest', () => {
    // Per-sample shape [3, 2]: 3 channels of 2 elements each.
    const layer = activation(scaledTanh, { numParameters: 3 });
    layer.build([3, 2], ctx());
    const [scale] = layer.params();
    expect([scale.name, scale.shape, scale.decay]).toEqual(['scale', [3], false]);
    expect(Array.from(scale.value)).toEqual([0.75, 0.75, 0.75]);
    scale.value.set([0.5, -1.5, 2]);
    const rows = 2;
    const x = new Tensor(randomValues(rows * 6, 8), [rows, 3, 2]);
    const c = randomValues(rows * 6, 9);
    const a64 = f64(scale.value);
    const x64 = f64(x.data);
    const fwd = () => Array.from(x64, (v, i) => a64[Math.floor(i / 2) % 3] * Math.tanh(v));
    expectGradClose('y', layer.forward(x, true).data, fwd(), 1e-6, 1e-7);
    const dx = layer.backward(new Tensor(c, [rows, 3, 2]));
    const loss = () => probe(fwd(), c);
    expectGradClose('scale', scale.grad, numericGrad(a64, loss));
    expectGradClose('dx', dx.data, numericGrad(x64, loss));
  });

  it('supports one shared learnable value', () => {
    const layer = activation(scaledTanh({ numParameters: 1 }));
    layer.build([5], ctx());
    const [scale] = layer.params();
    scale.value[0] = 1.25;
    const x = new Tensor(randomValues(10, 3), [2, 5]);
    const c = randomValues(10, 4);
    layer.forward(x, true);
    layer.backward(new Tensor(c, [2, 5]));
    const a64 = f64(scale.value);
    const x64 = f64(x.data);
    expectGradClose(
      'scale',
      scale.grad,
      numericGrad(a64, () =>
        probe(
          Array.from(x64, (v) => a64[0] * Math.tanh(v)),
          c,
        ),
      ),
    );
  });

  it('rejects a learnable size that is neither 1 nor the channel count, naming both and the fix', () => {
    const layer = activation(scaledTanh, { numParameters: 5 });
    expect(() => layer.build([16], ctx())).toThrow(ValidationError);
    expect(() => activation(scaledTanh, { numParameters: 5 }).build([16], ctx())).toThrow(
      'scaled-tanh: numParameters is 5 but the layer has 16 channels; use 1 (shared) or 16',
    );
  });

  it('resolves a name through the registry at build, with hyper-parameters validated there', () => {
    const layer = activation('tanh');
    expect(layer.config()).toEqual({ type: 'activation', activation: { name: 'tanh', hyper: {} } });
    layer.build([2], ctx());
    expect(activationOf(layer).plugin).toBe(tanh);
    expect(layer.forward(new Tensor(Float32Array.from([0.5, -1]), [1, 2]), false).data[1]).toBeCloseTo(Math.tanh(-1), 6);
    expect(() => activation('swish').build([2], ctx())).toThrow(PluginError);
    expect(() => activation('scaled-tanh', { numParameters: 1.5 }).build([2], ctx())).toThrow(/numParameters.*integer/);
  });

  it('rejects hyper-parameters given twice and non-activations', () => {
    expect(() => activation(scaledTanh({ numParameters: 1 }), { numParameters: 1 })).toThrow(/given twice/);
    expect(() => activation(42 as never)).toThrow(ValidationError);
  });

  it('names itself and both shapes on a shape mismatch', () => {
    const layer = activation(sigmoid);
    layer.build([4], ctx());
    expect(() => layer.forward(new Tensor(new Float32Array(6), [2, 3]), false)).toThrow(ShapeError);
    expect(() => layer.forward(new Tensor(new Float32Array(6), [2, 3]), false)).toThrow(
      /activation\(sigmoid\).*\[2, 3\].*\[batch, 4\]/,
    );
  });

  it('passes the exact x and y to backward and reuses its buffers', () => {
    const seen: Float32Array[] = [];
    const spy = defineActivation({
      name: 'spy',
      apiVersion: 1,
      cpu: {
        forward(x, y, { length }) {
          for (let i = 0; i < length; i++) y[i] = 2 * x[i];
        },
        backward(x, y, dy, dx, { length }) {
          seen.push(x, y);
          for (let i = 0; i < length; i++) dx[i] = 2 * dy[i];
        },
      },
    });
    const layer = activation(spy);
    layer.build([2], ctx());
    const x = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2]);
    const y1 = layer.forward(x, true);
    const dx1 = layer.backward(new Tensor(new Float32Array(4), [2, 2]));
    expect(seen[0]).toBe(x.data);
    expect(seen[1]).toBe(y1.data);
    expect(layer.forward(x, true)).toBe(y1);
    expect(layer.backward(new Tensor(new Float32Array(4), [2, 2]))).toBe(dx1);
  });

  it('round-trips config through the plugin, and validates every field', () => {
    const layer = activation(scaledTanh, { numParameters: 4 });
    const config = layer.config();
    expect(config).toEqual({
      type: 'activation',
      activation: { name: 'scaled-tanh', version: '0.0.0', hyper: { numParameters: 4 } },
    });
    const copy = activationLayerPlugin.fromConfig(JSON.parse(JSON.stringify(config)), registry);
    expect(copy.config()).toEqual(config);
    const bad = (activationField: unknown) => () =>
      activationLayerPlugin.fromConfig({ type: 'activation', activation: activationField }, registry);
    expect(bad('tanh')).toThrow(/"activation"/);
    expect(bad({ name: 3, hyper: {} })).toThrow(/"activation.name"/);
    expect(bad({ name: 'tanh', version: 1, hyper: {} })).toThrow(/"activation.version"/);
    expect(bad({ name: 'tanh', hyper: [] })).toThrow(/"activation.hyper"/);
    expect(bad({ name: 'scaled-tanh', hyper: { numParameters: '2' } })).toThrow(/"activation.hyper.numParameters"/);
    expect(bad({ name: 'tanh', hyper: {}, code: 'x' })).toThrow(/"activation.code"/);
    expect(bad({ name: 'relu', hyper: {} })).toThrow(/unknown activation "relu"/);
    expect(bad({ name: 'tanh', hyper: { slope: 1 } })).toThrow(/unknown hyper-parameter "slope"/);
  });
});
