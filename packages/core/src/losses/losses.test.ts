import { describe, expect, it } from 'vitest';
import { RectifyError, ShapeError, ValidationError } from '../errors';
import { createRng } from '../random';
import { bceWithLogits, LOSS_NAMES, type Loss, lossFromName, mse, softmaxCrossEntropy } from './index';

// Independent float64 implementations, written from the textbook definitions.
type Ref = (pred: number[], target: number[], rows: number, cols: number) => number;

const mseRef: Ref = (p, t) => p.reduce((s, v, i) => s + (v - t[i]) ** 2, 0) / p.length;

const bceRef: Ref = (p, t) => {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const sig = 1 / (1 + Math.exp(-p[i]));
    s += -(t[i] * Math.log(sig) + (1 - t[i]) * Math.log(1 - sig));
  }
  return s / p.length;
};

const softmaxCeRef: Ref = (p, t, rows, cols) => {
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const z = p.slice(r * cols, (r + 1) * cols);
    const denom = z.reduce((a, v) => a + Math.exp(v), 0);
    for (let j = 0; j < cols; j++) s -= t[r * cols + j] * Math.log(Math.exp(z[j]) / denom);
  }
  return s / rows;
};

/** Random float32-representable values, so the float64 references see exactly what the loss sees. */
function f32(values: number[]): number[] {
  return Array.from(Float32Array.from(values));
}

function randomCase(seed: number, rows: number, cols: number, kind: 'real' | 'binary' | 'probs') {
  const rng = createRng(seed);
  const pred = f32(Array.from({ length: rows * cols }, () => rng.range(-3, 3)));
  let target: number[];
  if (kind === 'real') target = f32(pred.map(() => rng.range(-2, 2)));
  else if (kind === 'binary') target = pred.map(() => (rng.uniform() < 0.5 ? 0 : 1));
  else {
    target = [];
    for (let r = 0; r < rows; r++) {
      const raw = Array.from({ length: cols }, () => rng.uniform() + 0.05);
      const sum = raw.reduce((a, b) => a + b, 0);
      target.push(...raw.map((v) => v / sum));
    }
    target = f32(target);
  }
  return { pred, target };
}

const cases: [string, () => Loss, Ref, 'real' | 'binary' | 'probs'][] = [
  ['mse', mse, mseRef, 'real'],
  ['bce-with-logits', bceWithLogits, bceRef, 'binary'],
  ['bce-with-logits (soft targets)', bceWithLogits, bceRef, 'probs'],
  ['softmax-cross-entropy', softmaxCrossEntropy, softmaxCeRef, 'probs'],
];

describe.each(cases)('%s', (_label, make, ref, kind) => {
  const rows = 4;
  const cols = 3;
  const { pred, target } = randomCase(7, rows, cols, kind);

  it('matches the float64 reference value', () => {
    const loss = make().compute(Float32Array.from(pred), Float32Array.from(target), null, rows, cols);
    expect(loss).toBeCloseTo(ref(pred, target, rows, cols), 10);
  });

  it('writes a gradient equal to central differences of the reference', () => {
    const grad = new Float32Array(rows * cols);
    make().compute(Float32Array.from(pred), Float32Array.from(target), grad, rows, cols);
    const h = 1e-5;
    for (let i = 0; i < pred.length; i++) {
      const up = pred.slice();
      const down = pred.slice();
      up[i] += h;
      down[i] -= h;
      const fd = (ref(up, target, rows, cols) - ref(down, target, rows, cols)) / (2 * h);
      expect(grad[i]).toBeCloseTo(fd, 6);
    }
  });

  it('returns the same value with and without a gradient buffer, and reads only rows * cols elements', () => {
    const p = new Float32Array(pred.length + 5).fill(1e30);
    const t = new Float32Array(pred.length + 5).fill(-7);
    p.set(pred);
    t.set(target);
    const grad = new Float32Array(pred.length + 5).fill(42);
    const withGrad = make().compute(p, t, grad, rows, cols);
    expect(make().compute(p, t, null, rows, cols)).toBe(withGrad);
    expect(Array.from(grad.subarray(pred.length))).toEqual([42, 42, 42, 42, 42]);
  });

  it('rejects bad sizes', () => {
    const p = Float32Array.from(pred);
    const t = Float32Array.from(target);
    expect(() => make().compute(p, t.subarray(1), null, rows, cols)).toThrow(ShapeError);
    expect(() => make().compute(p, t, new Float32Array(2), rows, cols)).toThrow(ShapeError);
    expect(() => make().compute(p, t, null, 0, cols)).toThrow(ValidationError);
    expect(() => make().compute(p, t, null, rows, 1.5)).toThrow(ValidationError);
  });
});

describe('closed forms', () => {
  it('softmax cross-entropy of uniform logits is ln(classes)', () => {
    for (const classes of [2, 3, 10]) {
      const pred = new Float32Array(2 * classes).fill(0.75);
      const target = new Float32Array(2 * classes);
      target[1] = 1;
      target[classes + classes - 1] = 1;
      expect(softmaxCrossEntropy().compute(pred, target, null, 2, classes)).toBeCloseTo(Math.log(classes), 12);
    }
  });

  it('softmax cross-entropy gradient is (softmax − onehot) / rows', () => {
    const pred = Float32Array.from([1, 2, 3]);
    const grad = new Float32Array(3);
    softmaxCrossEntropy().compute(pred, Float32Array.from([0, 0, 1]), grad, 1, 3);
    const denom = Math.E + Math.E ** 2 + Math.E ** 3;
    expect(grad[0]).toBeCloseTo(Math.E / denom, 7);
    expect(grad[1]).toBeCloseTo(Math.E ** 2 / denom, 7);
    expect(grad[2]).toBeCloseTo(Math.E ** 3 / denom - 1, 7);
  });

  it('BCE of a zero logit is ln 2 whatever the label, with gradient (0.5 − t) / n', () => {
    const grad = new Float32Array(2);
    expect(bceWithLogits().compute(new Float32Array(2), Float32Array.from([0, 1]), grad, 2, 1)).toBeCloseTo(Math.LN2, 14);
    expect(Array.from(grad)).toEqual([0.25, -0.25]);
  });

  it('MSE of a constant offset d is d², averaged over every element (PyTorch reduction mean)', () => {
    const pred = Float32Array.from([1.5, 2.5, 3.5, 4.5, 5.5, 6.5]);
    const target = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const grad = new Float32Array(6);
    expect(mse().compute(pred, target, grad, 2, 3)).toBe(0.25);
    expect(Array.from(grad)).toEqual(new Array(6).fill(Math.fround((2 * 0.5) / 6)));
  });
});

describe('extreme logits stay finite', () => {
  it('BCE at ±1e4 is 0 when right and |z| when wrong, with bounded gradients', () => {
    const pred = Float32Array.from([1e4, -1e4, 1e4, -1e4]);
    const grad = new Float32Array(4);
    const right = bceWithLogits().compute(pred.subarray(0, 2), Float32Array.from([1, 0]), grad, 2, 1);
    expect(right).toBe(0);
    const wrong = bceWithLogits().compute(pred, Float32Array.from([0, 1, 0, 1]), grad, 4, 1);
    expect(wrong).toBe(1e4);
    expect(Array.from(grad)).toEqual([0.25, -0.25, 0.25, -0.25]);
  });

  it('softmax cross-entropy at ±1e4 is 0 when right and the logit gap when wrong', () => {
    const pred = Float32Array.from([1e4, -1e4, 0]);
    const grad = new Float32Array(3);
    expect(softmaxCrossEntropy().compute(pred, Float32Array.from([1, 0, 0]), grad, 1, 3)).toBe(0);
    expect(softmaxCrossEntropy().compute(pred, Float32Array.from([0, 1, 0]), grad, 1, 3)).toBe(2e4);
    expect(Array.from(grad)).toEqual([1, -1, 0]);
  });
});

describe('lossFromName', () => {
  it('returns each built-in loss by name', () => {
    expect(LOSS_NAMES).toEqual(['mse', 'bce-with-logits', 'softmax-cross-entropy']);
    for (const name of LOSS_NAMES) expect(lossFromName(name).name).toBe(name);
  });

  it('names the known losses when the name is unknown', () => {
    expect(() => lossFromName('cross-entropy' as never)).toThrow(
      /unknown loss "cross-entropy"; known losses: mse, bce-with-logits/,
    );
    expect(() => lossFromName('toString' as never)).toThrow(RectifyError);
  });
});
