import { readFileSync } from 'node:fs';
import {
  type ActivationPlugin,
  Tensor,
  ValidationError,
  ShapeError,
  createDefaultRegistry,
  createRng,
  dense,
  mse,
  sequential,
  sgd,
  tanh,
} from '@rectify/core';
import { elu } from '@rectify/elu';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { describe, expect, it } from 'vitest';
import { type SimpleRnn, identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';

// Made by test/fixtures/make-torch-rnn.py: torch.nn.RNN in float64, tanh and relu.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/torch-rnn.json', import.meta.url), 'utf8')) as {
  N: number;
  T: number;
  F: number;
  H: number;
  cases: {
    nonlinearity: 'tanh' | 'relu';
    weightIh: number[][];
    weightHh: number[][];
    bias: number[];
    x: number[][][];
    rSeq: number[][][];
    rLast: number[][];
    output: number[][][];
    last: number[][];
    gradWeightIh: number[][];
    gradWeightHh: number[][];
    gradBias: number[];
    gradX: number[][][];
  }[];
};

const flat = (a: unknown): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a as number]);
const transpose = (m: number[][]): number[] => m[0].flatMap((_, i) => m.map((row) => row[i]));

function built(layer: SimpleRnn, steps: number, features: number, seed = 1): SimpleRnn {
  layer.build([steps, features], { rng: createRng(seed), registry: createDefaultRegistry() });
  return layer;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i]), `at ${i}`).toBeLessThanOrEqual(rel * scale);
}

describe('simpleRNN against torch.nn.RNN', () => {
  for (const c of fixture.cases) {
    it(`${c.nonlinearity}: outputs, last state and BPTT gradients (weights, bias, input) match`, () => {
      const { N, T, F, H } = fixture;
      const act = c.nonlinearity === 'tanh' ? tanh : relu;
      const seq = built(simpleRNN(H, { activation: act, returnSequences: true }), T, F);
      seq.param('kernel').value.set(transpose(c.weightIh));
      seq.param('recurrentKernel').value.set(transpose(c.weightHh));
      seq.param('bias').value.set(c.bias);
      const x = new Tensor(Float32Array.from(flat(c.x)), [N, T, F]);
      const out = seq.forward(x, true);
      expect(out.shape).toEqual([N, T, H]);
      expectClose(out.data, flat(c.output), 2e-6);
      if (c.nonlinearity === 'relu') {
        const zeros = out.data.filter((v) => v === 0).length;
        expect(zeros).toBeGreaterThan(0); // the relu case exercises both sides
        expect(zeros).toBeLessThan(out.data.length);
      }
      // dL/dout = rSeq, plus rLast on the last step (L = Σ out·rSeq + Σ h_T·rLast)
      const dy = Float32Array.from(flat(c.rSeq));
      for (let n = 0; n < N; n++) for (let j = 0; j < H; j++) dy[(n * T + T - 1) * H + j] += c.rLast[n][j];
      const dx = seq.backward(new Tensor(dy, [N, T, H]));
      expectClose(seq.param('kernel').grad, transpose(c.gradWeightIh), 1e-5);
      expectClose(seq.param('recurrentKernel').grad, transpose(c.gradWeightHh), 1e-5);
      expectClose(seq.param('bias').grad, c.gradBias, 1e-5);
      expectClose(dx.data, flat(c.gradX), 1e-5);

      const last = built(simpleRNN(H, { activation: act }), T, F);
      for (const name of ['kernel', 'recurrentKernel', 'bias']) last.param(name).value.set(seq.param(name).value);
      const h = last.forward(x, false);
      expect(h.shape).toEqual([N, H]);
      expectClose(h.data, flat(c.last), 2e-6);
    });
  }
});

// ---- float64 finite differences ------------------------------------------------------------------------------

const F64: Record<string, (z: number) => number> = {
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
};

/** L = Σ out·r in float64, out the sequence or the last state, straight from the definition. */
function referenceLoss(
  f: (z: number) => number,
  p: { kernel: Float64Array; recurrentKernel: Float64Array; bias: Float64Array },
  x: Float64Array,
  r: Float64Array,
  dims: { N: number; T: number; F: number; H: number },
  sequences: boolean,
): number {
  const { N, T, F, H } = dims;
  let loss = 0;
  for (let n = 0; n < N; n++) {
    let h = new Float64Array(H);
    for (let t = 0; t < T; t++) {
      const next = new Float64Array(H);
      for (let j = 0; j < H; j++) {
        let z = p.bias[j];
        for (let k = 0; k < F; k++) z += x[(n * T + t) * F + k] * p.kernel[k * H + j];
        for (let k = 0; k < H; k++) z += h[k] * p.recurrentKernel[k * H + j];
        next[j] = f(z);
      }
      h = next;
      if (sequences) for (let j = 0; j < H; j++) loss += h[j] * r[(n * T + t) * H + j];
    }
    if (!sequences) for (let j = 0; j < H; j++) loss += h[j] * r[n * H + j];
  }
  return loss;
}

describe('simpleRNN backpropagation through time, by float64 finite differences', () => {
  const dims = { N: 2, T: 5, F: 3, H: 4 };
  const cases: [string, ActivationPlugin, boolean][] = [
    ['tanh', tanh, false],
    ['tanh', tanh, true],
    ['relu', relu, false],
    ['elu', elu, true],
  ];
  for (const [name, act, sequences] of cases) {
    it(`${name}, ${sequences ? 'whole sequence' : 'last state'}: every parameter and input gradient within 1e-5 of the largest`, () => {
      const { N, T, F, H } = dims;
      const layer = built(
        simpleRNN(H, { activation: act, returnSequences: sequences, recurrentInitializer: identityInit(0.8) }),
        T,
        F,
        7,
      );
      layer.param('bias').value.set([0.1, -0.05, 0.2, 0.02]);
      const rng = createRng(3);
      const x32 = Float32Array.from({ length: N * T * F }, () => rng.normal());
      const r32 = Float32Array.from({ length: sequences ? N * T * H : N * H }, () => rng.normal());
      layer.forward(new Tensor(x32, [N, T, F]), true);
      const dx = layer.backward(new Tensor(r32, sequences ? [N, T, H] : [N, H]));
      const p = {
        kernel: Float64Array.from(layer.param('kernel').value),
        recurrentKernel: Float64Array.from(layer.param('recurrentKernel').value),
        bias: Float64Array.from(layer.param('bias').value),
      };
      const x = Float64Array.from(x32);
      const r = Float64Array.from(r32);
      const loss = () => referenceLoss(F64[name], p, x, r, dims, sequences);
      const eps = 1e-6;
      const numeric = (arr: Float64Array, i: number): number => {
        const keep = arr[i];
        arr[i] = keep + eps;
        const up = loss();
        arr[i] = keep - eps;
        const down = loss();
        arr[i] = keep;
        return (up - down) / (2 * eps);
      };
      const check = (arr: Float64Array, analytic: Float32Array) => {
        const fd = Array.from(arr, (_, i) => numeric(arr, i));
        expectClose(analytic, fd, 1e-5);
      };
      check(p.kernel, layer.param('kernel').grad);
      check(p.recurrentKernel, layer.param('recurrentKernel').grad);
      check(p.bias, layer.param('bias').grad);
      check(x, dx.data);
    });
  }
});

describe('simpleRNN settings, shapes and JSON', () => {
  it('uses tanh by default, draws kernel then recurrent kernel then bias, and round-trips its config', () => {
    const layer = built(simpleRNN(3, { recurrentInitializer: identityInit(0.5) }), 4, 2);
    expect((layer.settings.activation as ActivationPlugin).name).toBe('tanh');
    expect(Array.from(layer.param('recurrentKernel').value)).toEqual([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
    expect(layer.param('kernel').shape).toEqual([2, 3]);
    const registry = createDefaultRegistry().registerLayer(simpleRnnLayerPlugin);
    const again = registry.layer('simple-rnn').fromConfig(layer.config(), registry) as SimpleRnn;
    expect(again.config()).toEqual(layer.config());
    expect(again.settings.recurrentInitializer.config()).toEqual({ type: 'identity', gain: 0.5 });
  });

  it('rejects bad settings and inputs with the fix', () => {
    expect(() => simpleRNN(0)).toThrow(/units must be a positive integer/);
    expect(() => simpleRNN(4, { activation: prelu })).toThrow(ValidationError);
    expect(() => simpleRNN(4, { activation: prelu })).toThrow(/learnable parameters/);
    expect(() => built(simpleRNN(4), 3, 0)).toThrow(ShapeError);
    const layer = built(simpleRNN(4), 3, 2);
    expect(() => layer.forward(new Tensor(new Float32Array(12), [2, 2, 3]), false)).toThrow(/expects \[batch, 3, 2\]/);
  });

  it('trains in a model: loss falls on a short sequence task', () => {
    const m = sequential({ inputShape: [5, 2], seed: 4, layers: [simpleRNN(8), dense(1)] });
    m.compile({ loss: mse(), optimizer: sgd({ learningRate: 0.1 }), clipGrad: { maxNorm: 1 } });
    const rng = createRng(9);
    const x = Float32Array.from({ length: 32 * 10 }, () => rng.uniform());
    const y = new Float32Array(32);
    for (let n = 0; n < 32; n++) y[n] = x[n * 10] - x[n * 10 + 8];
    const xs = new Tensor(x, [32, 5, 2]);
    const ys = new Tensor(y, [32, 1]);
    const first = m.trainBatch(xs, ys);
    let loss = first;
    for (let s = 0; s < 300; s++) loss = m.trainBatch(xs, ys);
    expect(loss).toBeLessThan(first / 4);
  });
});
