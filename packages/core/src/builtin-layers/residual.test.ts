import { describe, expect, it } from 'vitest';
import { denseF64, expectGradClose, f64, numericGrad, probe, randomValues } from '../../test/support/gradcheck';
import { tanh } from '../activations';
import { ShapeError } from '../errors';
import { Rng } from '../random';
import { createRegistry } from '../registry';
import { Tensor } from '../tensor';
import { activation, activationLayerPlugin } from './activation';
import type { Param } from '../layers/contract';
import { dense, denseLayerPlugin } from './dense';
import { residual, residualLayerPlugin } from './residual';
import { collectParamRefs } from '../layers/walk';

const registry = createRegistry()
  .registerActivation(tanh)
  .registerLayer(denseLayerPlugin)
  .registerLayer(activationLayerPlugin)
  .registerLayer(residualLayerPlugin);
const ctx = (seed = 2) => ({ rng: new Rng(seed), registry });

function byId(refs: { id: string; param: Param }[]): Record<string, Param> {
  return Object.fromEntries(refs.map((r) => [r.id, r.param]));
}

describe('residual', () => {
  it('identity skip: out = dense(tanh(dense(x))) + x, gradients match float64 central differences', () => {
    const block = residual([dense(4), activation(tanh), dense(3)]);
    expect(block.build([3], ctx())).toEqual([3]);
    expect(block.params()).toEqual([]);
    const p = byId(collectParamRefs([block]));
    expect(Object.keys(p)).toEqual([
      'layers.0.body.0.kernel',
      'layers.0.body.0.bias',
      'layers.0.body.2.kernel',
      'layers.0.body.2.bias',
    ]);
    p['layers.0.body.0.bias'].value.set(randomValues(4, 20, 0.5));
    p['layers.0.body.2.bias'].value.set(randomValues(3, 21, 0.5));
    const rows = 4;
    const x = new Tensor(randomValues(rows * 3, 22), [rows, 3]);
    const c = randomValues(rows * 3, 23);
    const w1 = f64(p['layers.0.body.0.kernel'].value);
    const b1 = f64(p['layers.0.body.0.bias'].value);
    const w2 = f64(p['layers.0.body.2.kernel'].value);
    const b2 = f64(p['layers.0.body.2.bias'].value);
    const x64 = f64(x.data);
    const fwd = () => {
      const h = denseF64(x64, w1, b1, rows, 3, 4).map(Math.tanh);
      return denseF64(h, w2, b2, rows, 4, 3).map((v, i) => v + x64[i]);
    };
    expectGradClose('y', block.forward(x, true).data, fwd(), 1e-5, 1e-6);
    const dx = block.backward(new Tensor(c, [rows, 3]));
    const loss = () => probe(fwd(), c);
    expectGradClose('w1', p['layers.0.body.0.kernel'].grad, numericGrad(w1, loss));
    expectGradClose('b1', p['layers.0.body.0.bias'].grad, numericGrad(b1, loss));
    expectGradClose('w2', p['layers.0.body.2.kernel'].grad, numericGrad(w2, loss));
    expectGradClose('b2', p['layers.0.body.2.bias'].grad, numericGrad(b2, loss));
    expectGradClose('dx', dx.data, numericGrad(x64, loss));
  });

  it('projection skip when the width changes: out = tanh(dense(x)) + x·P, P bias-free', () => {
    const block = residual([dense(5), activation(tanh)]);
    expect(block.build([3], ctx())).toEqual([5]);
    const p = byId(collectParamRefs([block], 'layers'));
    expect(Object.keys(p)).toEqual(['layers.0.projection.kernel', 'layers.0.body.0.kernel', 'layers.0.body.0.bias']);
    expect(p['layers.0.projection.kernel'].shape).toEqual([3, 5]);
    expect(p['layers.0.projection.kernel'].decay).toBe(true);
    p['layers.0.body.0.bias'].value.set(randomValues(5, 30, 0.5));
    const rows = 3;
    const x = new Tensor(randomValues(rows * 3, 31), [rows, 3]);
    const c = randomValues(rows * 5, 32);
    const w = f64(p['layers.0.body.0.kernel'].value);
    const b = f64(p['layers.0.body.0.bias'].value);
    const proj = f64(p['layers.0.projection.kernel'].value);
    const x64 = f64(x.data);
    const fwd = () => {
      const skip = denseF64(x64, proj, null, rows, 3, 5);
      return denseF64(x64, w, b, rows, 3, 5).map((v, i) => Math.tanh(v) + skip[i]);
    };
    expectGradClose('y', block.forward(x, true).data, fwd(), 1e-5, 1e-6);
    const dx = block.backward(new Tensor(c, [rows, 5]));
    const loss = () => probe(fwd(), c);
    expectGradClose('projection', p['layers.0.projection.kernel'].grad, numericGrad(proj, loss));
    expectGradClose('w', p['layers.0.body.0.kernel'].grad, numericGrad(w, loss));
    expectGradClose('b', p['layers.0.body.0.bias'].grad, numericGrad(b, loss));
    expectGradClose('dx', dx.data, numericGrad(x64, loss));
  });

  it('gives the same parameter gradients when the input gradient is not needed', () => {
    const block = residual([dense(5), activation(tanh)]);
    block.build([3], ctx());
    const x = new Tensor(randomValues(6, 50), [2, 3]);
    const dy = new Tensor(randomValues(10, 51), [2, 5]);
    const grads = () => collectParamRefs([block]).map((r) => Array.from(r.param.grad));
    block.forward(x, true);
    block.backward(dy);
    const full = grads();
    for (const r of collectParamRefs([block])) r.param.grad.fill(0);
    block.backward(dy, false);
    expect(grads()).toEqual(full);
  });

  it('records the automatic choice in its config and rebuilds equal layers from it', () => {
    const block = residual([dense(5), activation(tanh)]);
    expect(block.config()).toEqual({ type: 'residual', layers: block.children().map((l) => l.config()) });
    block.build([3], ctx(7));
    const config = block.config();
    expect(config.projection).toBe(true);
    const copy = residualLayerPlugin.fromConfig(JSON.parse(JSON.stringify(config)), registry);
    expect(copy.config()).toEqual(config);
    copy.build([3], ctx(7));
    const a = collectParamRefs([block]);
    const b = collectParamRefs([copy]);
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    expect(b.map((r) => Array.from(r.param.value))).toEqual(a.map((r) => Array.from(r.param.value)));
  });

  it('forces a projection with projection: true, and fails with projection: false on a width change', () => {
    const forced = residual([dense(3)], { projection: true });
    forced.build([3], ctx());
    expect(forced.params().map((p) => p.name)).toEqual(['projection.kernel']);
    expect(() => residual([dense(4)], { projection: false }).build([3], ctx())).toThrow(ShapeError);
    expect(() => residual([dense(4)], { projection: false }).build([3], ctx())).toThrow(/\[3\] to \[4\]/);
  });

  it('validates its config, naming the field', () => {
    const good = residual([dense(2)]).config();
    expect(() => residualLayerPlugin.fromConfig({ ...good, layers: [] }, registry)).toThrow(/"layers"/);
    expect(() => residualLayerPlugin.fromConfig({ ...good, layers: [1] }, registry)).toThrow(/"layers.0"/);
    expect(() => residualLayerPlugin.fromConfig({ ...good, layers: [{ type: 'conv' }] }, registry)).toThrow(
      /layers.0.*unknown layer type "conv"/,
    );
    expect(() => residualLayerPlugin.fromConfig({ ...good, layers: [{ type: 'dense', units: -1 }] }, registry)).toThrow(
      /layers.0.*"units"/,
    );
    expect(() => residualLayerPlugin.fromConfig({ ...good, projection: 'auto' }, registry)).toThrow(/"projection"/);
  });
});
