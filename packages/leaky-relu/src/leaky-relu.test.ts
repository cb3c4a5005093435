import { type HyperParams, type KernelContext, ValidationError } from '@rectify/core';
import { runActivation } from '@rectify/testkit';
import { describe, expect, it } from 'vitest';
import { leakyRelu } from './index';

const f32 = Math.fround;
const TINY = f32(1e-40);
const LARGE = f32(3e38);
const INF = Number.POSITIVE_INFINITY;

function ctx(length: number, hyper: HyperParams): KernelContext {
  return { length, channels: 1, inner: 1, hyper, params: {}, grads: {} };
}

/** Runs the CPU kernels on `xs` (with `dy` = `dys` or 1) and returns y and dx as plain arrays. */
const runCpu = (xs: number[], hyper: HyperParams, dys?: number[]) => runActivation(leakyRelu, xs, hyper, dys);

// Hand-computed for the default slope 0.01: [x, y, dy/dx] (dy = 1), results rounded to float32 as stored.
const S = 0.01;
const TABLE: [number, number, number][] = [
  [0, 0, f32(S)],
  [-0, -0, f32(S)],
  [TINY, TINY, 1],
  [-TINY, f32(-1e-42), f32(S)],
  [1, 1, 1],
  [-1, f32(-0.01), f32(S)],
  [-2.5, f32(-0.025), f32(S)],
  [LARGE, LARGE, 1],
  [-LARGE, f32(-3e36), f32(S)],
  [INF, INF, 1],
  [-INF, -INF, f32(S)],
  [Number.NaN, Number.NaN, Number.NaN],
];

describe('leakyRelu plugin definition', () => {
  it('has the registry name, version and the PyTorch default slope 0.01', () => {
    expect(leakyRelu.name).toBe('leaky-relu');
    expect(leakyRelu.version).toBe('0.1.0');
    expect(leakyRelu.displayName).toBe('Leaky ReLU');
    expect(leakyRelu.resolve()).toEqual({ negativeSlope: 0.01 });
  });

  it('has d/dx(0) = negativeSlope and the gain sqrt(2 / (1 + a^2))', () => {
    expect(leakyRelu.atZero?.dx(leakyRelu.resolve({ negativeSlope: 0.2 }), {})).toBe(0.2);
    expect(leakyRelu.initGain?.(leakyRelu.resolve())).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    expect(leakyRelu.initGain?.(leakyRelu.resolve({ negativeSlope: 1 }))).toBeCloseTo(1, 15);
  });

  it('maps to ONNX LeakyRelu-16 with alpha', () => {
    expect(leakyRelu.export?.onnx?.(leakyRelu.resolve({ negativeSlope: 0.3 }))).toEqual({
      opType: 'LeakyRelu',
      sinceVersion: 16,
      attributes: { alpha: 0.3 },
    });
  });

  it.each([-0.01, Number.NaN, INF])('rejects negativeSlope = %s with a ValidationError naming it', (negativeSlope) => {
    expect(() => leakyRelu.resolve({ negativeSlope })).toThrow(ValidationError);
    expect(() => leakyRelu({ negativeSlope })).toThrow(/negativeSlope/);
  });

  it('accepts negativeSlope = 0 (plain ReLU, except 0·(−∞) = NaN as in PyTorch)', () => {
    const { y, dx } = runCpu([-3, 3, -INF], leakyRelu.resolve({ negativeSlope: 0 }));
    expect(y).toEqual([-0, 3, Number.NaN]);
    expect(dx).toEqual([0, 1, 0]);
  });
});

describe('leakyRelu CPU kernels', () => {
  it.each(TABLE)('x = %s gives y = %s, dx = %s', (x, y, dx) => {
    const out = runCpu([x], leakyRelu.resolve());
    expect(out.y[0]).toBe(y);
    expect(out.dx[0]).toBe(dx);
  });

  it('multiplies dy by the derivative, keeping infinite and NaN dy', () => {
    const { dx } = runCpu([2, -2, -2, 0], leakyRelu.resolve({ negativeSlope: 0.5 }), [3, 3, -INF, Number.NaN]);
    expect(dx).toEqual([3, 1.5, -INF, Number.NaN]);
  });

  it.each([0, 0.01, 0.3, 1, 1.7, 1e17])('matches the branchy form bit for bit for negativeSlope = %s', (negativeSlope) => {
    // 1e17 exercises the fallback loop (1e17 + (1 − 1e17) is not exactly 1).
    const hyper = leakyRelu.resolve({ negativeSlope });
    const n = 2048;
    const xs = Array.from({ length: n }, (_, i) => f32(Math.sin(i * 78.233) * 10 ** ((i % 9) - 4)));
    xs.push(0, -0, INF, -INF, Number.NaN);
    const { y, dx } = runCpu(xs, hyper);
    xs.forEach((x, i) => {
      expect(y[i]).toBe(f32(leakyRelu.reference!(x, hyper, {})));
      const expectedDx = Number.isNaN(x) ? Number.NaN : x > 0 ? 1 : negativeSlope;
      expect(dx[i]).toBe(f32(expectedDx));
    });
  });

  it('agrees with float64 central differences away from 0', () => {
    const hyper = leakyRelu.resolve({ negativeSlope: 0.3 });
    const xs = [-4.5, -0.75, 0.5, 2];
    const { dx } = runCpu(xs, hyper);
    const h = 1e-6;
    xs.forEach((x, i) => {
      const fd = (leakyRelu.reference!(x + h, hyper, {}) - leakyRelu.reference!(x - h, hyper, {})) / (2 * h);
      expect(dx[i]).toBeCloseTo(fd, 6);
    });
  });

  it('reads and writes only [0, length)', () => {
    const x = Float32Array.from([1, -1, -7, 99, -99]);
    const y = new Float32Array(5).fill(42);
    const dx = new Float32Array(5).fill(42);
    const hyper = leakyRelu.resolve();
    leakyRelu.cpu.forward(x, y, ctx(3, hyper));
    leakyRelu.cpu.backward(x, y, new Float32Array(5).fill(1), dx, ctx(3, hyper));
    expect(Array.from(y.subarray(3))).toEqual([42, 42]);
    expect(Array.from(dx.subarray(3))).toEqual([42, 42]);
  });
});

describe('leakyRelu gpu.js kernel functions (evaluated as plain JavaScript)', () => {
  const gpu = leakyRelu.gpu!;
  it.each(TABLE)('x = %s gives y = %s, dx = %s', (x, y, dx) => {
    expect(f32(gpu.forward(x, S))).toBe(y);
    expect(f32(gpu.backward(x, y, 1, S))).toBe(dx);
  });

  it('are named plain functions taking (x, negativeSlope) and (x, y, dy, negativeSlope)', () => {
    expect(gpu.forward.name).toBe('leakyReluForward');
    expect(gpu.backward.name).toBe('leakyReluBackward');
    expect([gpu.forward.length, gpu.backward.length]).toEqual([2, 4]);
  });
});
