import { describe, expect, it } from 'vitest';
import type { ActivationPlugin, KernelContext } from '../activation/contract';
import { setActivationPrecision } from '../backend/cpu/wasm/activation-precision';
import { createRegistry } from '../registry';
import { baselineActivations, identity, sigmoid, tanh } from './index';

function ctx(length: number): KernelContext {
  return { length, channels: 1, inner: 1, hyper: {}, params: {}, grads: {} };
}

function forward(plugin: ActivationPlugin, xs: number[]): Float32Array {
  const y = new Float32Array(xs.length);
  plugin.cpu.forward(Float32Array.from(xs), y, ctx(xs.length));
  return y;
}

function backward(plugin: ActivationPlugin, xs: number[], dys: number[]): Float32Array {
  const x = Float32Array.from(xs);
  const y = forward(plugin, xs);
  const dx = new Float32Array(xs.length);
  plugin.cpu.backward(x, y, Float32Array.from(dys), dx, ctx(xs.length));
  return dx;
}

// Independent closed forms: σ(x) = (1 + tanh(x/2)) / 2, tanh(x) = (e^2x − 1)/(e^2x + 1) for moderate x.
const truth: Record<string, (x: number) => number> = {
  identity: (x) => x,
  sigmoid: (x) => (1 + Math.tanh(x / 2)) / 2,
  tanh: (x) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1),
};
const derivativeAtZero: Record<string, number> = { identity: 1, sigmoid: 0.25, tanh: 1 };
const gains: Record<string, number> = { identity: 1, sigmoid: 1, tanh: 5 / 3 };
const onnxOps: Record<string, string> = { identity: 'Identity', sigmoid: 'Sigmoid', tanh: 'Tanh' };

/** One float32 ulp at |t| (normal range). */
const ulp32 = (t: number) => 2 ** (Math.floor(Math.log2(Math.abs(t))) - 23);

const xs = Array.from(Float32Array.from([-6, -2.5, -1, -0.3, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 6]));

describe.each(baselineActivations.map((p) => [p.name, p] as const))('%s', (name, plugin) => {
  const ref = (x: number) => plugin.reference!(x, {}, {});

  it('reference matches an independent closed form', () => {
    for (const x of xs) expect(ref(x)).toBeCloseTo(truth[name](x), 14);
  });

  it('CPU forward is within its documented float32 bound of the reference (≤ 3 ulp for sigmoid and tanh)', () => {
    const y = forward(plugin, xs);
    xs.forEach((x, i) => {
      const t = ref(x);
      if (name === 'identity') expect(y[i]).toBe(Math.fround(t));
      else expect(Math.abs(y[i] - t)).toBeLessThanOrEqual(3 * ulp32(t));
    });
  });

  it('CPU forward matches the reference to float32 rounding with float64 precision', () => {
    setActivationPrecision('float64');
    try {
      const y = forward(plugin, xs);
      xs.forEach((x, i) => {
        expect(y[i]).toBe(Math.fround(ref(x)));
      });
    } finally {
      setActivationPrecision('float32');
    }
  });

  it('CPU backward matches central differences of the float64 reference', () => {
    const dys = xs.map((_, i) => 0.5 + i / 10);
    const dx = backward(plugin, xs, dys);
    const h = 1e-6;
    xs.forEach((x, i) => {
      const fd = ((ref(x + h) - ref(x - h)) / (2 * h)) * Math.fround(dys[i]);
      expect(dx[i]).toBeCloseTo(fd, 6);
    });
  });

  it('CPU backward matches central differences of the float32 kernel itself', () => {
    const h = 1e-2;
    const up = forward(
      plugin,
      xs.map((x) => x + h),
    );
    const down = forward(
      plugin,
      xs.map((x) => x - h),
    );
    const dx = backward(
      plugin,
      xs,
      xs.map(() => 1),
    );
    // Truncation error h²·f'''/6 ≤ 3e-5 here; float32 rounding adds ~1e-5 at this h.
    xs.forEach((_, i) => {
      expect(Math.abs(dx[i] - (up[i] - down[i]) / (2 * h))).toBeLessThan(1e-4);
    });
  });

  it('atZero, initGain and ONNX mapping follow PyTorch and ONNX', () => {
    expect(plugin.atZero!.dx({}, {})).toBe(derivativeAtZero[name]);
    expect(backward(plugin, [0], [1])[0]).toBe(derivativeAtZero[name]);
    expect(plugin.initGain!({})).toBe(gains[name]);
    expect(plugin.export!.onnx!({})).toEqual({ opType: onnxOps[name], sinceVersion: 13 });
    expect(plugin.version).toBe('0.1.0');
    expect(plugin.apiVersion).toBe(1);
  });

  it('NaN in gives NaN out, forward and backward', () => {
    expect(forward(plugin, [Number.NaN])[0]).toBeNaN();
    expect(ref(Number.NaN)).toBeNaN();
    expect(backward(plugin, [Number.NaN, 0.5], [1, 3])[0]).toBeNaN();
    expect(plugin.gpu!.backward(Number.NaN, Number.NaN, 1)).toBeNaN();
    expect(plugin.gpu!.forward(Number.NaN)).toBeNaN();
  });

  it('touches only [0, length)', () => {
    const y = new Float32Array(4).fill(7);
    plugin.cpu.forward(Float32Array.from([1, 2, 3, 4]), y, ctx(2));
    expect(Array.from(y.subarray(2))).toEqual([7, 7]);
    const dx = new Float32Array(4).fill(7);
    plugin.cpu.backward(Float32Array.from([1, 2, 3, 4]), y, Float32Array.from([1, 1, 1, 1]), dx, ctx(2));
    expect(Array.from(dx.subarray(2))).toEqual([7, 7]);
  });

  it('gpu.js functions compute the same values as the reference in plain JavaScript', () => {
    const gpu = plugin.gpu!;
    for (const x of [...xs, -1000, -50, 50, 1000]) {
      const y = Math.fround(ref(x));
      expect(gpu.forward(x)).toBeCloseTo(ref(x), 7);
      const fd = (ref(x + 1e-6) - ref(x - 1e-6)) / 2e-6;
      expect(gpu.backward(x, y, 2)).toBeCloseTo(2 * fd, 6);
    }
  });

  it('gpu.js functions are plain functions that use only Math functions gpu.js translates', () => {
    // gpu.js 2.x's list (src/backend/function-node.js `mathFunctions`).
    const supported = new Set([
      'abs',
      'acos',
      'asin',
      'atan',
      'atan2',
      'ceil',
      'cos',
      'exp',
      'floor',
      'log',
      'log2',
      'max',
      'min',
      'pow',
      'round',
      'sign',
      'sin',
      'sqrt',
      'tan',
    ]);
    for (const fn of [plugin.gpu!.forward, plugin.gpu!.backward]) {
      const source = fn.toString();
      expect(source.startsWith('function')).toBe(true);
      for (const [, used] of source.matchAll(/Math\.(\w+)/g)) expect(supported.has(used)).toBe(true);
      expect(source).not.toMatch(/=>|this\.|\bnew\b/);
    }
  });

  it('registers in a registry', () => {
    expect(createRegistry().registerActivation(plugin).activation(name)).toBe(plugin);
  });
});

describe('extremes', () => {
  it('sigmoid saturates to exactly 0 and 1 without NaN', () => {
    expect(Array.from(forward(sigmoid, [-1000, 1000, -Infinity, Infinity, -100, 100]))).toEqual([
      0,
      1,
      0,
      1,
      Math.fround(Math.exp(-100)),
      1,
    ]);
    expect(sigmoid.reference!(-1000, {}, {})).toBe(0);
    expect(sigmoid.reference!(1000, {}, {})).toBe(1);
    expect(Array.from(backward(sigmoid, [-1000, 1000], [1, 1]))).toEqual([0, 0]);
    expect(sigmoid.gpu!.forward(-1000)).toBe(0);
    expect(sigmoid.gpu!.forward(1000)).toBe(1);
  });

  it('tanh saturates to exactly ±1 without NaN, also in the gpu.js form', () => {
    expect(Array.from(forward(tanh, [-1000, 1000, -Infinity, Infinity]))).toEqual([-1, 1, -1, 1]);
    expect(Array.from(backward(tanh, [-1000, 1000], [1, 1]))).toEqual([0, 0]);
    for (const x of [-1e4, -89, 89, 1e4]) expect(tanh.gpu!.forward(x)).toBe(Math.sign(x));
  });

  it('identity passes infinities through', () => {
    expect(Array.from(forward(identity, [-Infinity, Infinity]))).toEqual([-Infinity, Infinity]);
  });

  it('exports the three baselines in order', () => {
    expect(baselineActivations.map((p) => p.name)).toEqual(['identity', 'sigmoid', 'tanh']);
  });
});
