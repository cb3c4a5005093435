import { type HyperParams, type KernelContext, ValidationError } from '@rectify/core';
import { runActivation } from '@rectify/testkit';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relu } from './index';

const f32 = Math.fround;
const TINY = f32(1e-40); // a float32 subnormal
const LARGE = f32(3e38);

function ctx(length: number, hyper: HyperParams): KernelContext {
  return { length, channels: 1, inner: 1, hyper, params: {}, grads: {} };
}

/** Runs the CPU kernels on `xs` (with `dy` = `dys` or 1) and returns y and dx as plain arrays. */
const runCpu = (xs: number[], hyper: HyperParams, dys?: number[]) => runActivation(relu, xs, hyper, dys);

// Hand-computed: [x, ReLU(x), ReLU'(x)] (dy = 1). PyTorch: ReLU'(0) = 0; NaN in gives NaN out (our convention).
const UNCAPPED: [number, number, number][] = [
  [0, 0, 0],
  [-0, -0, 0],
  [TINY, TINY, 1],
  [-TINY, 0, 0],
  [1, 1, 1],
  [-1, 0, 0],
  [LARGE, LARGE, 1],
  [-LARGE, 0, 0],
  [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1],
  [Number.NEGATIVE_INFINITY, 0, 0],
  [Number.NaN, Number.NaN, Number.NaN],
];

// cap = 6 (ReLU6): the gradient is 0 at x <= 0 and at x >= 6, as PyTorch's hardtanh_backward.
const CAPPED: [number, number, number][] = [
  [0, 0, 0],
  [-0, -0, 0],
  [TINY, TINY, 1],
  [-1, 0, 0],
  [1, 1, 1],
  [f32(5.999), f32(5.999), 1],
  [6, 6, 0],
  [7, 6, 0],
  [LARGE, 6, 0],
  [Number.POSITIVE_INFINITY, 6, 0],
  [Number.NEGATIVE_INFINITY, 0, 0],
  [Number.NaN, Number.NaN, Number.NaN],
];

describe('relu plugin definition', () => {
  it('has the registry name, version and PyTorch defaults', () => {
    expect(relu.name).toBe('relu');
    expect(relu.version).toBe('0.1.0');
    expect(relu.displayName).toBe('ReLU');
    expect(relu.resolve()).toEqual({ cap: Number.POSITIVE_INFINITY });
  });

  it('uses the He gain sqrt(2) and d/dx(0) = 0', () => {
    expect(relu.initGain?.(relu.resolve())).toBeCloseTo(Math.sqrt(2), 15);
    expect(relu.atZero?.dx(relu.resolve(), {})).toBe(0);
  });

  it('maps to ONNX Relu-14, or Clip-13 with min 0 and max cap when capped', () => {
    expect(relu.export?.onnx?.(relu.resolve())).toEqual({ opType: 'Relu', sinceVersion: 14 });
    expect(relu.export?.onnx?.(relu.resolve({ cap: 6 }))).toEqual({
      opType: 'Clip',
      sinceVersion: 13,
      inputs: [{ constant: 0 }, { constant: 6 }],
    });
  });

  it.each([0, -1, Number.NaN, Number.NEGATIVE_INFINITY])('rejects cap = %s with a ValidationError', (cap) => {
    expect(() => relu.resolve({ cap })).toThrow(ValidationError);
    expect(() => relu({ cap })).toThrow(/cap/);
  });

  it('accepts cap = Infinity (no cap) and rejects unknown hyper-parameters', () => {
    expect(relu.resolve({ cap: Number.POSITIVE_INFINITY }).cap).toBe(Number.POSITIVE_INFINITY);
    // @ts-expect-error relu has no hyper-parameter "alpha": it does not compile, and at run time it throws
    expect(() => relu.resolve({ alpha: 1 })).toThrow(/unknown hyper-parameter "alpha"/);
  });
});

describe('relu CPU kernels', () => {
  it.each(UNCAPPED)('uncapped: x = %s gives y = %s, dx = %s', (x, y, dx) => {
    const out = runCpu([x], relu.resolve());
    expect(out.y[0]!).toBe(y);
    expect(out.dx[0]!).toBe(dx);
  });

  it.each(CAPPED)('cap 6: x = %s gives y = %s, dx = %s', (x, y, dx) => {
    const out = runCpu([x], relu.resolve({ cap: 6 }));
    expect(out.y[0]!).toBe(y);
    expect(out.dx[0]!).toBe(dx);
  });

  it('stores a cap that is not a float32 as its float32 rounding', () => {
    expect(runCpu([1], relu.resolve({ cap: 0.1 })).y[0]!).toBe(f32(0.1));
  });

  it('follows PyTorch on the sign of zero: relu(-0) = -0, relu(x < 0) = +0, gradient +0 where x <= 0 even for dy < 0', () => {
    const torch = JSON.parse(readFileSync(new URL('../test/fixtures/sign-of-zero.json', import.meta.url), 'utf8')) as {
      x: (number | string)[];
      dy: number[];
      relu: { y: (number | string)[]; dx: (number | string)[] };
      relu6: { y: (number | string)[]; dx: (number | string)[] };
    };
    const num = (v: number | string) => (v === '-0' ? -0 : v === '0' ? 0 : (v as number));
    const xs = torch.x.map(num);
    // Long enough for the WebAssembly SIMD kernels and short enough for the JavaScript loops.
    for (const repeat of [1, 40]) {
      const x = Array.from({ length: xs.length * repeat }, (_, i) => xs[i % xs.length]!);
      const dy = Array.from({ length: x.length }, (_, i) => torch.dy[i % xs.length]!);
      for (const [hyper, want] of [
        [relu.resolve(), torch.relu],
        [relu.resolve({ cap: 6 }), torch.relu6],
      ] as const) {
        const out = runCpu(x, hyper, dy);
        expect(out.y).toEqual(x.map((_, i) => num(want.y[i % xs.length]!)));
        expect(out.dx).toEqual(x.map((_, i) => num(want.dx[i % xs.length]!)));
      }
    }
  });

  it("computes dx = f'(x) * dy, so an infinite or NaN dy is never masked", () => {
    const out = runCpu([2, -2, -2, 2], relu.resolve(), [3.5, 3.5, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(out.dx).toEqual([3.5, 0, Number.NaN, Number.POSITIVE_INFINITY]);
  });

  it('matches the float64 reference bit for bit on random inputs, capped and not', () => {
    const n = 4096;
    const xs = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 7) - 3));
    for (const hyper of [relu.resolve(), relu.resolve({ cap: 6 }), relu.resolve({ cap: 0.001 })]) {
      const { y } = runCpu(xs, hyper);
      for (let i = 0; i < n; i++) expect(y[i]!).toBe(f32(relu.reference!(f32(xs[i]!), hyper, {})));
    }
  });

  it('agrees with float64 central differences away from the kinks', () => {
    const hyper = relu.resolve({ cap: 6 });
    const xs = [-3.7, -0.5, 0.25, 1.5, 5.5, 6.5, 100];
    const { dx } = runCpu(xs, hyper);
    const h = 1e-6;
    xs.forEach((x, i) => {
      const xf = f32(x);
      const fd = (relu.reference!(xf + h, hyper, {}) - relu.reference!(xf - h, hyper, {})) / (2 * h);
      expect(dx[i]!).toBeCloseTo(fd, 6);
    });
  });

  it('reads and writes only [0, length)', () => {
    for (const hyper of [relu.resolve(), relu.resolve({ cap: 6 })]) {
      const x = Float32Array.from([1, -1, 7, 99, -99]);
      const y = new Float32Array(5).fill(42);
      const dy = new Float32Array(5).fill(1);
      const dx = new Float32Array(5).fill(42);
      relu.cpu.forward(x, y, ctx(3, hyper));
      relu.cpu.backward(x, y, dy, dx, ctx(3, hyper));
      expect(Array.from(y.subarray(3))).toEqual([42, 42]);
      expect(Array.from(dx.subarray(3))).toEqual([42, 42]);
      expect(Array.from(x)).toEqual([1, -1, 7, 99, -99]);
    }
  });
});

describe('relu gpu.js kernel functions (evaluated as plain JavaScript)', () => {
  const gpu = relu.gpu!;
  it.each(UNCAPPED)('uncapped: x = %s gives y = %s, dx = %s', (x, y, dx) => {
    const cap = Number.POSITIVE_INFINITY;
    expect(gpu.forward(x, cap)).toBe(y);
    expect(gpu.backward(x, y, 1, cap)).toBe(dx);
  });

  it.each(CAPPED)('cap 6: x = %s gives y = %s, dx = %s', (x, y, dx) => {
    expect(gpu.forward(x, 6)).toBe(y);
    expect(gpu.backward(x, y, 1, 6)).toBe(dx);
  });

  it('are named plain functions taking (x, cap) and (x, y, dy, cap)', () => {
    expect(gpu.forward.name).toBe('reluForward');
    expect(gpu.backward.name).toBe('reluBackward');
    expect(gpu.forward.length).toBe(2);
    expect(gpu.backward.length).toBe(4);
  });
});
