import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { adam, adamw } from './adam';
import { asNumbers, expectStateRoundTrip, makeParam } from './test-params';

// Expected values use the Adam paper's bias-corrected form m̂ = m/(1−β1^t), v̂ = v/(1−β2^t),
// p ← p − lr·m̂/(√v̂ + ε), which PyTorch rearranges; evaluated here in float64.
const G = [
  [0.5, -1.25, 2, 1e-3],
  [-0.75, 0.25, 1.5, 2e-3],
  [1, 1, -0.5, -1e-3],
];
const P0 = [0.1, -0.2, 0.3, 1.5];

function adamRef(lr: number, b1: number, b2: number, eps: number, wd: number, steps: number): number[] {
  return P0.map((p0, i) => {
    let p = p0;
    let m = 0;
    let v = 0;
    for (let t = 1; t <= steps; t++) {
      const g = G[t - 1][i];
      p = p * (1 - lr * wd);
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      const mHat = m / (1 - b1 ** t);
      const vHat = v / (1 - b2 ** t);
      p = p - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
    return p;
  });
}

function run(make: () => ReturnType<typeof adam>, steps: number, decay = true): number[] {
  const ref = makeParam('layers.0.kernel', P0, decay);
  const opt = make();
  for (let s = 0; s < steps; s++) {
    ref.param.grad.set(G[s]);
    opt.step([ref]);
  }
  return asNumbers(ref.param.value);
}

function expectClose(actual: number[], expected: number[]): void {
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i], 6);
  });
}

describe('adam', () => {
  it('has PyTorch defaults', () => {
    expect(adam().config()).toEqual({ type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(adamw().config()).toEqual({
      type: 'adamw',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0.01,
    });
  });

  it('first step moves every weight by about lr against its gradient sign (bias correction)', () => {
    const p = run(() => adam({ learningRate: 0.01 }), 1);
    P0.forEach((p0, i) => {
      expect(p[i]).toBeCloseTo(p0 - 0.01 * Math.sign(G[0][i]), 6);
    });
  });

  it('matches the bias-corrected update for three steps', () => {
    expectClose(
      run(() => adam({ learningRate: 0.01 }), 3),
      adamRef(0.01, 0.9, 0.999, 1e-8, 0, 3),
    );
    expectClose(
      run(() => adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 1e-3 }), 3),
      adamRef(0.1, 0.5, 0.75, 1e-3, 0, 3),
    );
  });

  it('adamw decays decay params before the Adam step', () => {
    expectClose(
      run(() => adamw({ learningRate: 0.05, weightDecay: 0.2 }), 3),
      adamRef(0.05, 0.9, 0.999, 1e-8, 0.2, 3),
    );
  });

  it('adamw skips the decay for decay:false params', () => {
    const lr = 0.05;
    expectClose(
      run(() => adamw({ learningRate: lr, weightDecay: 0.2 }), 3, false),
      adamRef(lr, 0.9, 0.999, 1e-8, 0, 3),
    );
  });

  it('keeps a step count per parameter: a parameter first seen later gets a first-step update', () => {
    const a = makeParam('a', [1]);
    const b = makeParam('b', [1]);
    const opt = adam({ learningRate: 0.1 });
    a.param.grad[0] = 3;
    b.param.grad[0] = 3;
    opt.step([a]);
    opt.step([a, b]);
    expect(b.param.value[0]).toBeCloseTo(1 - 0.1, 6);
    expect(opt.getState().slots.b.step).toEqual([1]);
    expect(opt.getState().slots.a.step).toEqual([2]);
  });

  it('state round trip continues identically', () => {
    expectStateRoundTrip(adamw({ learningRate: 0.01, weightDecay: 0.1 }), P0, G);
  });

  it('setState validates sizes, finiteness and slots, naming the parameter', () => {
    const p = makeParam('layers.2.bias', [1, 2]);
    const opt = adam();
    const ok = { m: [0, 0], v: [0, 0], step: [1] };
    expect(() => opt.setState({ step: 1, slots: { 'layers.2.bias': { ...ok, m: [0] } } }, [p])).toThrow(
      /"layers.2.bias" slot "m" has 1 values/,
    );
    expect(() => opt.setState({ step: 1, slots: { 'layers.2.bias': { ...ok, v: [0, Infinity] } } }, [p])).toThrow(
      /"layers.2.bias" slot "v" value 1 is Infinity/,
    );
    expect(() => opt.setState({ step: 1, slots: { 'layers.2.bias': { ...ok, v: [0, -1] } } }, [p])).toThrow(/negative/);
    expect(() => opt.setState({ step: 1, slots: { 'layers.2.bias': { ...ok, step: [1.5] } } }, [p])).toThrow(
      /"step" must be a non-negative integer/,
    );
    expect(() => opt.setState({ step: 1, slots: { 'layers.2.bias': { m: [0, 0], v: [0, 0] } } }, [p])).toThrow(
      /missing slot "step"/,
    );
    expect(() => opt.setState({ step: 1, slots: { other: ok } }, [p])).toThrow(/"other"/);
    // A rejected state leaves the optimizer as it was.
    expect(opt.getState()).toEqual({ step: 0, slots: {} });
  });

  it('validates hyper-parameters', () => {
    expect(() => adam({ learningRate: -1 })).toThrow(/adam: learningRate must be >= 0/);
    expect(() => adam({ beta1: 1 })).toThrow(/beta1 must be < 1, got 1/);
    expect(() => adam({ beta2: -0.1 })).toThrow(/beta2 must be >= 0/);
    expect(() => adam({ epsilon: 0 })).toThrow(/epsilon must be > 0/);
    expect(() => adam({ weightDecay: 0.1 } as never)).toThrow(/unknown option "weightDecay"/);
    expect(() => adamw({ weightDecay: -0.1 })).toThrow(ValidationError);
    expect(() => adamw({ learningRate: Infinity })).toThrow(/finite/);
  });
});
