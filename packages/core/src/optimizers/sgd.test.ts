import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { sgd } from './sgd';
import { asNumbers, expectStateRoundTrip, makeParam } from './test-params';

// Expected values follow torch.optim.SGD's documented algorithm, evaluated here in float64.
const G = [
  [0.5, -1.25, 2],
  [-0.75, 0.25, 1.5],
  [1, 1, -0.5],
];
const P0 = [0.1, -0.2, 0.3];

function run(opts: Parameters<typeof sgd>[0], steps: number, decay = true): number[] {
  const ref = makeParam('layers.0.kernel', P0, decay);
  const opt = sgd(opts);
  for (let s = 0; s < steps; s++) {
    ref.param.grad.set(G[s]);
    opt.step([ref]);
  }
  return asNumbers(ref.param.value);
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i], 6);
  });
}

describe('sgd', () => {
  it('plain: p ← p − lr·g', () => {
    const lr = 0.1;
    const expected = P0.map((p, i) => p - lr * G[0][i] - lr * G[1][i] - lr * G[2][i]);
    expectClose(run({ learningRate: lr }, 3), expected);
  });

  it('momentum: the buffer starts as the first gradient, then b ← μb + g', () => {
    const lr = 0.05;
    const mu = 0.9;
    const expected = P0.map((p0, i) => {
      const b1 = G[0][i];
      const p1 = p0 - lr * b1;
      const b2 = mu * b1 + G[1][i];
      const p2 = p1 - lr * b2;
      const b3 = mu * b2 + G[2][i];
      return p2 - lr * b3;
    });
    expectClose(run({ learningRate: lr, momentum: mu }, 3), expected);
  });

  it('momentum with dampening: b ← μb + (1 − d)·g after the first step', () => {
    const lr = 0.05;
    const mu = 0.8;
    const d = 0.3;
    const expected = P0.map((p0, i) => {
      const b1 = G[0][i];
      const b2 = mu * b1 + (1 - d) * G[1][i];
      return p0 - lr * b1 - lr * b2;
    });
    expectClose(run({ learningRate: lr, momentum: mu, dampening: d }, 2), expected);
  });

  it('nesterov: p ← p − lr·(g + μb)', () => {
    const lr = 0.05;
    const mu = 0.9;
    const expected = P0.map((p0, i) => {
      const b1 = G[0][i];
      const p1 = p0 - lr * (G[0][i] + mu * b1);
      const b2 = mu * b1 + G[1][i];
      const p2 = p1 - lr * (G[1][i] + mu * b2);
      const b3 = mu * b2 + G[2][i];
      return p2 - lr * (G[2][i] + mu * b3);
    });
    expectClose(run({ learningRate: lr, momentum: mu, nesterov: true }, 3), expected);
  });

  it('weight decay adds wd·p to the gradient of decay params only', () => {
    const lr = 0.1;
    const wd = 0.5;
    const mu = 0.9;
    const expected = P0.map((p0, i) => {
      const d1 = G[0][i] + wd * p0;
      const p1 = p0 - lr * d1;
      const d2 = G[1][i] + wd * p1;
      const b2 = mu * d1 + d2;
      return p1 - lr * b2;
    });
    expectClose(run({ learningRate: lr, momentum: mu, weightDecay: wd }, 2), expected);
    expectClose(run({ learningRate: lr, momentum: mu, weightDecay: wd }, 2, false), run({ learningRate: lr, momentum: mu }, 2));
  });

  it('uses a changed learning rate on the next step', () => {
    const ref = makeParam('w', [1]);
    const opt = sgd({ learningRate: 0.1 });
    ref.param.grad[0] = 1;
    opt.step([ref]);
    opt.learningRate = 0.5;
    opt.step([ref]);
    expect(ref.param.value[0]).toBeCloseTo(1 - 0.1 - 0.5, 7);
    expect(opt.config().learningRate).toBe(0.5);
  });

  it('state round trip continues identically', () => {
    const saved = expectStateRoundTrip(sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), P0, G);
    expect(saved.step).toBe(2);
    expect(Object.keys(saved.slots)).toEqual(['a', 'b']);
  });

  it('a fresh optimizer has no momentum buffers', () => {
    expect(sgd({ learningRate: 0.1, momentum: 0.9 }).getState()).toEqual({ step: 0, slots: {} });
  });

  it('setState names the parameter whose state does not fit', () => {
    const opt = sgd({ learningRate: 0.1, momentum: 0.9 });
    const p = makeParam('layers.0.kernel', [1, 2]);
    expect(() => opt.setState({ step: 1, slots: { 'layers.0.kernel': { momentum: [1] } } }, [p])).toThrow(
      /"layers.0.kernel" slot "momentum" has 1 values but the parameter needs 2/,
    );
    expect(() => opt.setState({ step: 1, slots: { 'layers.0.kernel': { momentum: [1, Number.NaN] } } }, [p])).toThrow(
      /"layers.0.kernel" slot "momentum" value 1 is NaN/,
    );
    expect(() => opt.setState({ step: 1, slots: { 'layers.9.kernel': { momentum: [1, 2] } } }, [p])).toThrow(/"layers.9.kernel"/);
    expect(() => opt.setState({ step: -1, slots: {} }, [p])).toThrow(ValidationError);
    expect(() =>
      sgd({ learningRate: 0.1 }).setState({ step: 1, slots: { 'layers.0.kernel': { momentum: [1, 2] } } }, [p]),
    ).toThrow(/unknown slot "momentum"/);
  });

  it('validates hyper-parameters', () => {
    expect(() => sgd({ learningRate: -0.1 })).toThrow(/learningRate must be >= 0, got -0.1/);
    expect(() => sgd({ learningRate: Number.NaN })).toThrow(ValidationError);
    expect(() => sgd({} as never)).toThrow(/learningRate is required/);
    expect(() => sgd({ learningRate: 0.1, momentum: 1 })).toThrow(/momentum must be < 1/);
    expect(() => sgd({ learningRate: 0.1, momentum: -0.5 })).toThrow(ValidationError);
    expect(() => sgd({ learningRate: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => sgd({ learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/dampening 0/);
    expect(() => sgd({ learningRate: 0.1, weightDecay: -1 })).toThrow(ValidationError);
    expect(() => sgd({ learningRate: 0.1, lr: 1 } as never)).toThrow(/unknown option "lr"/);
    const opt = sgd({ learningRate: 0.1 });
    expect(() => {
      opt.learningRate = -1;
    }).toThrow(ValidationError);
    expect(opt.learningRate).toBe(0.1);
  });
});
