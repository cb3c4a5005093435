import { type HyperParams, type KernelContext, setActivationPrecision, ValidationError } from '@rectify/core';
import { runActivation } from '@rectify/testkit';
import { describe, expect, it } from 'vitest';
import { elu } from './index';

const f32 = Math.fround;
const INF = Number.POSITIVE_INFINITY;
const TINY = f32(1e-40);
const LARGE = f32(3e38);

function ctx(length: number, hyper: HyperParams): KernelContext {
  return { length, channels: 1, inner: 1, hyper, params: {}, grads: {} };
}

/** Runs the CPU kernels on `xs` (with `dy` = `dys` or 1) and returns y and dx as plain arrays. */
const runCpu = (xs: number[], hyper: HyperParams, dys?: number[]) => runActivation(elu, xs, hyper, dys);

// Hand-computed for alpha = 1 (e^−1 = 0.36787944117144233, e^−20 = 2.061153622438558e−9), dy = 1, stored as float32.
const TABLE: [number, number, number][] = [
  [0, 0, 1],
  [-0, -0, 1],
  [TINY, TINY, 1],
  [-TINY, -TINY, 1],
  [1, 1, 1],
  [-1, f32(0.36787944117144233 - 1), f32(0.36787944117144233)],
  [-20, -1, f32(2.061153622438558e-9)],
  [LARGE, LARGE, 1],
  [-LARGE, -1, 0],
  [INF, INF, 1],
  [-INF, -1, 0],
  [Number.NaN, Number.NaN, Number.NaN],
];

describe('elu plugin definition', () => {
  it('has the registry name, version and the PyTorch default alpha 1', () => {
    expect(elu.name).toBe('elu');
    expect(elu.version).toBe('0.1.0');
    expect(elu.displayName).toBe('ELU');
    expect(elu.resolve()).toEqual({ alpha: 1 });
  });

  it('has d/dx(0) = alpha and the He gain sqrt(2)', () => {
    expect(elu.atZero?.dx(elu.resolve({ alpha: 0.5 }), {})).toBe(0.5);
    expect(elu.initGain?.(elu.resolve())).toBeCloseTo(Math.sqrt(2), 15);
  });

  it('maps to ONNX Elu with alpha', () => {
    expect(elu.export?.onnx?.(elu.resolve({ alpha: 0.5 }))).toEqual({
      opType: 'Elu',
      sinceVersion: 6,
      attributes: { alpha: 0.5 },
    });
  });

  it.each([-1, Number.NaN, INF])('rejects alpha = %s with a ValidationError naming it', (alpha) => {
    expect(() => elu.resolve({ alpha })).toThrow(ValidationError);
    expect(() => elu({ alpha })).toThrow(/alpha/);
  });
});

describe('elu CPU kernels', () => {
  it.each(TABLE)('alpha 1: x = %s gives y = %s, dx = %s', (x, y, dx) => {
    const out = runCpu([x], elu.resolve());
    expect(out.y[0]!).toBe(y);
    expect(out.dx[0]!).toBe(dx);
  });

  it('scales the negative branch by alpha (alpha 2) and ELU(−∞) = −alpha', () => {
    const { y, dx } = runCpu([-1, 0, -INF, 3], elu.resolve({ alpha: 2 }));
    expect(y).toEqual([f32(2 * -0.6321205588285577), 0, -2, 3]);
    expect(dx).toEqual([f32(2 * 0.36787944117144233), 2, 0, 1]);
  });

  it('keeps full precision for x = −1e−10 (expm1, not exp − 1)', () => {
    const x = f32(-1e-10);
    const exact = x + (x * x) / 2; // expm1(x) to far below float32 precision
    const { y } = runCpu([x], elu.resolve());
    expect(Math.abs(y[0]! - exact) / Math.abs(exact)).toBeLessThan(2 ** -24);
    // exp(x) − 1 is off by ~8e−8 relative even in float64, which shows up after float32 rounding.
    expect(f32(Math.exp(x) - 1)).not.toBe(y[0]!);
  });

  it('computes alpha·exp(x) for the gradient, exact where y + alpha cancels', () => {
    const xs = [-20, -30, -50];
    const { y, dx } = runCpu(xs, elu.resolve());
    xs.forEach((x, i) => {
      expect(Math.abs(dx[i]! - Math.exp(x)) / Math.exp(x)).toBeLessThan(2 ** -23);
      expect(y[i]! + 1).toBe(0); // the float32 output has lost the information
    });
  });

  it('matches the float64 reference and central differences on random inputs', () => {
    const hyper = elu.resolve({ alpha: 1.5 });
    const xs = Array.from({ length: 500 }, (_, i) => f32(Math.sin(i * 12.9898) * 8));
    const { y, dx } = runCpu(xs, hyper);
    const h = 1e-6;
    xs.forEach((x, i) => {
      // float32 SIMD path (default): expm1 ≤ 1 ulp, then alpha· rounds: ≤ 2 ulp of the result.
      const t = elu.reference!(x, hyper, {});
      expect(Math.abs(y[i]! - t)).toBeLessThanOrEqual(2 * 2 ** (Math.floor(Math.log2(Math.abs(t))) - 23));
      if (Math.abs(x) < 1e-3) return; // the kink at 0 (for alpha ≠ 1)
      const fd = (elu.reference!(x + h, hyper, {}) - elu.reference!(x - h, hyper, {})) / (2 * h);
      expect(Math.abs(dx[i]! - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
    });
  });

  it('matches the float64 reference to float32 rounding with float64 precision', () => {
    const hyper = elu.resolve({ alpha: 1.5 });
    const xs = Array.from({ length: 500 }, (_, i) => f32(Math.sin(i * 12.9898) * 8));
    setActivationPrecision('float64');
    try {
      const { y } = runCpu(xs, hyper);
      xs.forEach((x, i) => {
        expect(y[i]!).toBe(f32(elu.reference!(x, hyper, {})));
      });
    } finally {
      setActivationPrecision('float32');
    }
  });

  it('multiplies dy by the derivative, keeping infinite and NaN dy', () => {
    const { dx } = runCpu([2, 0, -1, 3], elu.resolve(), [3, 3, Number.NaN, -INF]);
    expect(dx).toEqual([3, 3, Number.NaN, -INF]);
  });

  it('reads and writes only [0, length)', () => {
    const x = Float32Array.from([1, -1, -7, 99, -99]);
    const y = new Float32Array(5).fill(42);
    const dx = new Float32Array(5).fill(42);
    elu.cpu.forward(x, y, ctx(3, elu.resolve()));
    elu.cpu.backward(x, y, new Float32Array(5).fill(1), dx, ctx(3, elu.resolve()));
    expect(Array.from(y.subarray(3))).toEqual([42, 42]);
    expect(Array.from(dx.subarray(3))).toEqual([42, 42]);
  });
});

describe('elu gpu.js kernel functions (evaluated as plain JavaScript)', () => {
  const gpu = elu.gpu!;
  const close = (actual: number, expected: number) => {
    if (Number.isNaN(expected)) expect(actual).toBeNaN();
    else if (!Number.isFinite(expected)) expect(actual).toBe(expected);
    else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-7 * Math.abs(expected));
  };

  it.each(TABLE)('alpha 1: x = %s gives y ≈ %s, dx ≈ %s', (x, y, dx) => {
    close(f32(gpu.forward(x, 1)), y);
    close(f32(gpu.backward(x, y, 1, 1)), dx);
  });

  it('uses the series near 0: relative error below 1e−7 against expm1 for |x| < 0.01', () => {
    for (const x of [-0.0099, -0.005, -1e-4, -1e-7, -1e-20]) close(gpu.forward(x, 1), Math.expm1(x));
  });

  it('are named plain functions taking (x, alpha) and (x, y, dy, alpha)', () => {
    expect([gpu.forward.name, gpu.backward.name]).toEqual(['eluForward', 'eluBackward']);
    expect([gpu.forward.length, gpu.backward.length]).toEqual([2, 4]);
  });
});
