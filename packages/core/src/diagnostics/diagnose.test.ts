import { describe, expect, it } from 'vitest';
import { defineActivation } from '../activation/define';
import { createDefaultRegistry } from '../defaults';
import { activation, dense, residual } from '../builtin-layers';
import { sequential } from '../model/sequential';
import { sgd } from '../optimizers';
import { tensor } from '../tensor';
import { diagnose } from './diagnose';
import { testRelu } from './test-activations';
import type { LayerDiagnostics } from './types';

/** A PReLU written for this test: one learnable slope per channel. */
const testPrelu = defineActivation({
  name: 'diag-prelu',
  apiVersion: 1,
  params: { channels: { default: 1, min: 1, integer: true } },
  learnable: { slope: { size: (h) => h.channels, init: () => 0.25 } },
  cpu: {
    forward(x, y, { length, channels, params }) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : params.slope[i % channels] * x[i];
    },
    backward(x, _y, dy, dx, { length, channels, params, grads }) {
      for (let i = 0; i < length; i++) {
        const c = i % channels;
        dx[i] = x[i] > 0 ? dy[i] : params.slope[c] * dy[i];
        if (x[i] <= 0) grads.slope[c] += x[i] * dy[i];
      }
    },
  },
});

// Every value below is a small multiple of a power of two, so float32 arithmetic in any order is exact and the
// float64 reference computed here must match the model bit for bit.
const X = [
  [1, -0.5, 0.25],
  [-1.5, 2, 0.125],
  [0.75, 0.25, -2],
  [0, 0, 0],
  [-0.375, -1, 1.5],
];
const W0 = [
  [0.5, 0.25, -0.75, 1],
  [-0.25, 0.5, 0.5, -1],
  [1, -0.5, 0.25, 0.5],
];
const B0 = [0.5, -100, 0.25, -100]; // units 1 and 3 can never be positive: dead after the ReLU
const W1 = [
  [0.5, -0.25, 0, 1],
  [0.25, 0.5, -0.5, 0],
  [-1, 0.75, 0.5, 0.25],
  [0, 0, 1, -0.5],
];
const B1 = [0.125, -0.25, 0, 0.5];
const SLOPES = [0.5, 0.25, 0.125, 0];
const W2 = [
  [1, -1],
  [0.5, 0.25],
  [-0.25, 0.5],
  [0.75, -0.5],
];
const B2 = [0, 0.25];

function affine(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => b.map((bias, u) => row.reduce((s, v, i) => s + v * w[i][u], bias)));
}

/** The whole forward pass in float64, layer by layer, in the order diagnose reports layers. */
function reference(): Record<string, number[][]> {
  const l0 = affine(X, W0, B0);
  const l1 = l0.map((r) => r.map((v) => Math.max(v, 0)));
  const body0 = affine(l1, W1, B1);
  const body1 = body0.map((r) => r.map((v, c) => (v > 0 ? v : SLOPES[c] * v)));
  const l2 = body1.map((r, i) => r.map((v, c) => v + l1[i][c]));
  const l3 = affine(l2, W2, B2);
  return { 'layers.0': l0, 'layers.1': l1, 'layers.2': l2, 'layers.2.body.0': body0, 'layers.2.body.1': body1, 'layers.3': l3 };
}

/** Independent histogram: bin k covers [min + k·w, min + (k+1)·w), the maximum goes in the last bin. */
function histogram(values: number[], bins: number): { min: number; max: number; counts: number[] } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const counts = new Array(bins).fill(0);
  for (const v of values) {
    let k = max === min ? 0 : Math.floor(((v - min) / (max - min)) * bins);
    if (k === bins) k = bins - 1;
    counts[k]++;
  }
  return { min, max, counts };
}

function buildModel() {
  const registry = createDefaultRegistry().registerActivation(testRelu).registerActivation(testPrelu);
  const model = sequential({
    inputShape: [3],
    registry,
    layers: [dense(4), activation(testRelu), residual([dense(4), activation(testPrelu, { channels: 4 })]), dense(2)],
  });
  const set: Record<string, number[]> = {
    'layers.0.kernel': W0.flat(),
    'layers.0.bias': B0,
    'layers.2.body.0.kernel': W1.flat(),
    'layers.2.body.0.bias': B1,
    'layers.2.body.1.slope': SLOPES,
    'layers.3.kernel': W2.flat(),
    'layers.3.bias': B2,
  };
  for (const { id, param } of model.paramRefs()) param.value.set(set[id]);
  return model;
}

const probe = tensor(X);

function byPath(layers: readonly LayerDiagnostics[]): Record<string, LayerDiagnostics> {
  return Object.fromEntries(layers.map((l) => [l.path, l]));
}

describe('diagnose', () => {
  it('reports every layer, depth first, with its type, activation and output shape', () => {
    const report = diagnose(buildModel(), probe);
    expect(report.rows).toBe(5);
    expect(report.layers.map((l) => [l.path, l.type, l.activation])).toEqual([
      ['layers.0', 'dense', undefined],
      ['layers.1', 'activation', 'diag-relu'],
      ['layers.2', 'residual', undefined],
      ['layers.2.body.0', 'dense', undefined],
      ['layers.2.body.1', 'activation', 'diag-prelu'],
      ['layers.3', 'dense', undefined],
    ]);
    expect(report.layers.map((l) => l.outputShape)).toEqual([
      [5, 4],
      [5, 4],
      [5, 4],
      [5, 4],
      [5, 4],
      [5, 2],
    ]);
  });

  it('finds the units made dead by a large negative bias, and the sparsity of each output', () => {
    const report = byPath(diagnose(buildModel(), probe).layers);
    const ref = reference();
    const relu = report['layers.1'];
    // Units 1 and 3 by construction; any other unit dead for every row would also count.
    const expectedDead = [0, 1, 2, 3].filter((u) => ref['layers.1'].every((row) => row[u] === 0));
    expect(expectedDead).toEqual(expect.arrayContaining([1, 3]));
    expect(relu.deadUnits).toEqual(expectedDead);
    expect(relu.deadFraction).toBe(expectedDead.length / 4);
    for (const [path, out] of Object.entries(ref)) {
      const flat = out.flat();
      expect(report[path].zeroFraction, path).toBe(flat.filter((v) => v === 0).length / flat.length);
    }
    // Dead units are reported for activation layers only.
    expect(report['layers.0'].deadUnits).toEqual([]);
    expect(report['layers.0'].deadFraction).toBe(0);
  });

  it('mean and std of each output match a float64 computation on the reference outputs', () => {
    const report = byPath(diagnose(buildModel(), probe).layers);
    for (const [path, out] of Object.entries(reference())) {
      const flat = out.flat();
      const m = flat.reduce((a, b) => a + b, 0) / flat.length;
      const sd = Math.sqrt(flat.reduce((a, v) => a + (v - m) ** 2, 0) / flat.length);
      expect(report[path].mean, path).toBeCloseTo(m, 12);
      expect(report[path].std, path).toBeCloseTo(sd, 12);
    }
  });

  it('histograms match an independent binning of the reference outputs', () => {
    const ref = reference();
    for (const bins of [20, 3, 1]) {
      const report = byPath(diagnose(buildModel(), probe, { bins }).layers);
      for (const [path, out] of Object.entries(ref)) {
        expect(report[path].histogram, `${path} with ${bins} bins`).toEqual(histogram(out.flat(), bins));
        expect(report[path].nonFinite).toBe(0);
      }
    }
  });

  it('weight norms, gradient norms of the last step, and learnable values', () => {
    const model = buildModel().compile({ loss: 'mse', optimizer: sgd({ learningRate: 0 }) });
    model.trainBatch(
      probe,
      tensor([
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
        [0.5, 0.5],
      ]),
    );
    const report = byPath(diagnose(model, probe).layers);
    const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
    expect(report['layers.0'].weightNorms).toEqual({ kernel: norm(W0.flat()), bias: norm(B0) });
    expect(report['layers.2.body.1'].weightNorms).toEqual({ slope: norm(SLOPES) });
    expect(report['layers.2'].weightNorms).toEqual({});
    expect(report['layers.2.body.1'].learnable).toEqual({ slope: SLOPES });
    expect(report['layers.1'].learnable).toEqual({});
    let checked = 0;
    for (const { id, param } of model.paramRefs()) {
      const path = id.slice(0, id.lastIndexOf('.'));
      const name = id.slice(id.lastIndexOf('.') + 1);
      expect(report[path].gradNorms[name], id).toBe(norm(param.grad));
      checked++;
    }
    expect(checked).toBe(7);
    // The output layer always gets a gradient; the dead units' incoming weights never do.
    expect(report['layers.3'].gradNorms.bias).toBeGreaterThan(0);
    const g0 = model.paramRefs()[0].param.grad;
    for (let i = 0; i < 3; i++) {
      expect(g0[i * 4 + 1]).toBe(0);
      expect(g0[i * 4 + 3]).toBe(0);
    }
  });

  it('gives the same answer when called again (buffers are reused, not corrupted)', () => {
    const model = buildModel();
    const first = JSON.stringify(diagnose(model, probe));
    diagnose(model, tensor([[9, 9, 9]]), { bins: 7 });
    expect(JSON.stringify(diagnose(model, probe))).toBe(first);
  });

  it('counts non-finite outputs and keeps them out of the histogram', () => {
    const nanProbe = tensor([
      [Number.NaN, 0, 0],
      [1, -0.5, 0.25],
    ]);
    const report = byPath(diagnose(buildModel(), nanProbe, { bins: 4 }).layers);
    const l0 = report['layers.0'];
    // NaN times any weight is NaN: all four units of row 0 are NaN; row 1 is finite.
    expect(l0.nonFinite).toBe(4);
    expect(l0.histogram).toEqual(histogram(affine([X[0]], W0, B0).flat(), 4));
    expect(l0.zeroFraction).toBe(0);
    const finite = affine([X[0]], W0, B0)[0];
    const m = finite.reduce((a, b) => a + b, 0) / 4;
    expect(l0.mean).toBeCloseTo(m, 12);
    expect(l0.std).toBeCloseTo(Math.sqrt(finite.reduce((a, v) => a + (v - m) ** 2, 0) / 4), 12);
  });

  it('rejects a probe of the wrong shape and bad bins', () => {
    expect(() => diagnose(buildModel(), tensor([[1, 2]]))).toThrow(/diagnose: x has shape \[1, 2\]/);
    expect(() => diagnose(buildModel(), probe, { bins: 0 })).toThrow(/bins must be an integer/);
  });
});
