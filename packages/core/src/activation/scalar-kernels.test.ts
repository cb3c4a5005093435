import { describe, expect, it } from 'vitest';
import { defineActivation } from './define';

// Softplus with a learnable per-channel beta, written once as scalar functions: y = log(1 + exp(beta·x)) / beta.
function softplusOf(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

const softplus = defineActivation({
  name: 'softplus-beta',
  apiVersion: 1,
  params: { numParameters: { default: 1, min: 1, integer: true }, threshold: { default: 20 } },
  learnable: { beta: { size: (h) => h.numParameters, init: () => 1 } },
  helpers: [softplusOf, logistic],
  scalar: {
    forward: function softplusForward(x: number, _n: number, threshold: number, beta: number): number {
      return beta * x > threshold ? x : softplusOf(beta * x) / beta;
    },
    backward: function softplusBackward(x: number, _y: number, dy: number, _n: number, threshold: number, beta: number): number {
      return beta * x > threshold ? dy : logistic(beta * x) * dy;
    },
    paramGrads: {
      beta: function softplusBeta(x: number, _y: number, dy: number, _n: number, threshold: number, beta: number): number {
        const z = beta * x;
        return z > threshold ? 0.0 : ((z * logistic(z) - softplusOf(z)) / (beta * beta)) * dy;
      },
    },
  },
  reference: (x, h, l) => (l.beta * x > h.threshold ? x : softplusOf(l.beta * x) / l.beta),
});

describe('CPU kernels derived from scalar functions', () => {
  const channels = 3;
  const inner = 2;
  const n = 4 * channels * inner; // 4 samples
  const x = Float32Array.from({ length: n }, (_, i) => Math.fround(((i * 37) % 23) / 3 - 3.5));
  const dy = Float32Array.from({ length: n }, (_, i) => Math.fround(0.5 + ((i * 11) % 7) / 7));
  const beta = Float32Array.of(0.5, 1, 2);
  const hyper = softplus.resolve({ numParameters: 3 });
  const channelOf = (i: number) => ((i / inner) | 0) % channels;

  it('forward and backward equal the scalar functions element by element, with the channel mapping', () => {
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    const grads = { beta: new Float32Array(3) };
    const ctx = { length: n, channels, inner, hyper, params: { beta }, grads };
    softplus.cpu.forward(x, y, ctx);
    softplus.cpu.backward(x, y, dy, dx, ctx);
    for (let i = 0; i < n; i++) {
      const b = beta[channelOf(i)]!;
      expect(y[i]).toBe(Math.fround(softplusOf(b * x[i]!) / b));
      expect(dx[i]).toBe(Math.fround(logistic(b * x[i]!) * dy[i]!));
    }
  });

  it('adds the per-channel float64 sums of the learnable partials into ctx.grads, in element order', () => {
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    const grads = { beta: Float32Array.of(0.25, -1, 3) };
    const ctx = { length: n, channels, inner, hyper, params: { beta }, grads };
    softplus.cpu.forward(x, y, ctx);
    softplus.cpu.backward(x, y, dy, dx, ctx);
    const expected = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const c = channelOf(i);
      const b = beta[c]!;
      const z = b * x[i]!;
      expected[c]! += ((z * logistic(z) - softplusOf(z)) / (b * b)) * dy[i]!;
    }
    expect(Array.from(grads.beta)).toEqual([0.25, -1, 3].map((g, c) => Math.fround(g + expected[c]!)));
    // Independent truth: central differences of the float64 reference, summed per channel.
    for (let c = 0; c < channels; c++) {
      let fd = 0;
      const h = 1e-6;
      for (let i = 0; i < n; i++) {
        if (channelOf(i) !== c) continue;
        const f = (b: number) => softplus.reference(x[i]!, hyper, { beta: b });
        fd += ((f(beta[c]! + h) - f(beta[c]! - h)) / (2 * h)) * dy[i]!;
      }
      expect(Math.abs(expected[c]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
  });

  it('a shared learnable sums over every element; reads and writes only [0, length)', () => {
    const shared = softplus.resolve();
    const y = new Float32Array(n + 2).fill(7);
    const dx = new Float32Array(n + 2).fill(7);
    const grads = { beta: new Float32Array(1) };
    const ctx = { length: n, channels, inner, hyper: shared, params: { beta: Float32Array.of(1) }, grads };
    softplus.cpu.forward(x, y, ctx);
    softplus.cpu.backward(x, y, dy, dx, ctx);
    expect([y[n], y[n + 1], dx[n], dx[n + 1]]).toEqual([7, 7, 7, 7]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (x[i]! * logistic(x[i]!) - softplusOf(x[i]!)) * dy[i]!;
    expect(grads.beta[0]).toBeCloseTo(sum, 5);
  });

  it('is also the gpu functions, and keeps the helpers for gpu.js', () => {
    expect(softplus.gpu).toBe(softplus.scalar);
    expect(softplus.helpers.map((h) => h.name)).toEqual(['softplusOf', 'logistic']);
  });
});
