import { type Sequential, Tensor, sgd } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { addingSequences } from '../data/sequences';
import type { SequenceSpec } from '../state/sequence-types';
import { playgroundPlugins } from './plugins';
import { createPlaygroundRegistry } from './registry';
import { buildSequenceModel } from './sequence-model';
import { probeSequence } from './sequence-probe';

const registry = createPlaygroundRegistry(playgroundPlugins);
const T = 7;
const H = 5;
const N = 4;

function small(activation: 'relu' | 'tanh', recurrentInit: SequenceSpec['recurrentInit'], seed = 3) {
  const data = addingSequences(T, N, N, seed);
  const spec: SequenceSpec = { data: 'adding', length: T, units: H, activation, recurrentInit };
  const model = buildSequenceModel(spec, data, registry, seed);
  // Orthogonal weights scaled up so neither activation sits in a trivial regime.
  const u = model.layers[0].param('recurrentKernel').value;
  if (recurrentInit === 'orthogonal') for (let i = 0; i < u.length; i++) u[i] *= 1.3;
  return { model, x: data.train.x, y: data.train.y };
}

const f = (a: 'relu' | 'tanh', z: number): number => (a === 'relu' ? Math.max(0, z) : Math.tanh(z));

/** Float64 loss of the model when `delta` is added to h_t[n, k] after step t: an independent forward pass. */
function lossWithNudge(
  model: Sequential,
  a: 'relu' | 'tanh',
  x: Tensor,
  y: Tensor,
  t0: number,
  at: number,
  delta: number,
): number {
  const p = (l: number, name: string) => Array.from(model.layers[l].param(name).value);
  const [W, U, b, V, c] = [p(0, 'kernel'), p(0, 'recurrentKernel'), p(0, 'bias'), p(1, 'kernel'), p(1, 'bias')];
  let total = 0;
  for (let n = 0; n < N; n++) {
    let h = new Array<number>(H).fill(0);
    for (let t = 0; t < T; t++) {
      const next = new Array<number>(H);
      for (let j = 0; j < H; j++) {
        let s = b[j] + x.data[(n * T + t) * 2] * W[j] + x.data[(n * T + t) * 2 + 1] * W[H + j];
        for (let k = 0; k < H; k++) s += h[k] * U[k * H + j];
        next[j] = f(a, s);
      }
      if (t === t0) next[at % H] += Math.floor(at / H) === n ? delta : 0;
      h = next;
    }
    let out = c[0];
    for (let k = 0; k < H; k++) out += h[k] * V[k];
    total += (out - y.data[n]) ** 2;
  }
  return total / N;
}

describe('probeSequence', () => {
  for (const a of ['relu', 'tanh'] as const) {
    it(`${a}: ‖∂loss/∂h_t‖ per step equals float64 central differences of an independent forward pass`, () => {
      const { model, x, y } = small(a, 'orthogonal');
      const probe = probeSequence(model, x, y, 'mse');
      const eps = 1e-6;
      for (let t = 0; t < T; t++) {
        let sq = 0;
        for (let i = 0; i < N * H; i++) {
          const d = (lossWithNudge(model, a, x, y, t, i, eps) - lossWithNudge(model, a, x, y, t, i, -eps)) / (2 * eps);
          sq += d * d;
        }
        expect(probe.gradNorm[t]).toBeGreaterThan(0);
        expect(Math.abs(probe.gradNorm[t] - Math.sqrt(sq)) / Math.sqrt(sq)).toBeLessThan(1e-3);
      }
    });

    it(`${a}: its loss and parameter gradients equal the SimpleRNN layer's own training step`, () => {
      const { model, x, y } = small(a, 'orthogonal');
      const probe = probeSequence(model, x, y, 'mse');
      model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 0 }) });
      const loss = model.trainBatch(x, y);
      expect(probe.loss).toBeCloseTo(loss, 5);
      for (const name of ['kernel', 'recurrentKernel', 'bias'] as const) {
        const core = model.layers[0].param(name).grad;
        const mine = probe.grads[name];
        const scale = Math.max(...Array.from(core, Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (let i = 0; i < core.length; i++) expect(Math.abs(mine[i] - core[i])).toBeLessThan(1e-5 * scale + 1e-7);
      }
    });
  }

  it('keeps the hidden states of every example, step and unit (a state fed into the head gives the model output)', () => {
    const { model, x } = small('tanh', 'orthogonal');
    const probe = probeSequence(model, x, new Tensor(new Float32Array(N), [N, 1]), 'mse');
    const V = model.layers[1].param('kernel').value;
    const c = model.layers[1].param('bias').value[0];
    const predicted = model.predict(x).data;
    for (let n = 0; n < N; n++) {
      let out = c;
      for (let k = 0; k < H; k++) out += probe.states[(n * T + T - 1) * H + k] * V[k];
      expect(out).toBeCloseTo(predicted[n], 5);
    }
  });

  it('marks a ReLU unit dead exactly when it is 0 for every probe row and step', () => {
    const { model, x, y } = small('relu', 'identity');
    model.layers[0].param('bias').value[2] = -100;
    const probe = probeSequence(model, x, y, 'mse');
    for (let j = 0; j < H; j++) {
      let silent = true;
      for (let i = j; i < probe.states.length; i += H) if (probe.states[i] !== 0) silent = false;
      expect(probe.dead[j]).toBe(silent);
    }
    expect(probe.dead[2]).toBe(true);
    expect(probe.dead.filter(Boolean).length).toBeLessThan(H);
  });

  it('refuses data that do not fit the model, naming both shapes', () => {
    const { model } = small('relu', 'identity');
    const wrong = new Tensor(new Float32Array(2 * 3 * 2), [2, 3, 2]);
    expect(() => probeSequence(model, wrong, new Tensor(new Float32Array(2), [2, 1]), 'mse')).toThrow(
      /\[2, 3, 2\].*\[batch, 7, 2\]/,
    );
  });
});
