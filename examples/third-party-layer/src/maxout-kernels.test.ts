import * as gpujs from 'gpu.js';
import { createRng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { maxoutBackward, maxoutForward } from './cpu-kernels';
import * as K from './gpu-kernels';
import { maxoutReference } from './reference';

const batch = 5;
const inputs = 4;
const units = 3;
const pieces = 3;
const dims = { batch, inputs, units, pieces };
const cols = units * pieces;

function normals(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

const x = normals(1, batch * inputs);
const kernel = normals(2, inputs * cols);
const bias = normals(3, cols);
const dy = normals(4, batch * units);

function run() {
  const y = new Float32Array(batch * units);
  const winner = new Int32Array(batch * units);
  const dx = new Float32Array(batch * inputs);
  const grads = { kernel: new Float32Array(inputs * cols), bias: new Float32Array(cols) };
  maxoutForward(x, y, winner, dims, { kernel, bias });
  maxoutBackward(x, dy, dx, winner, dims, { kernel, bias }, grads);
  return { y, winner, dx, grads };
}

function lossGradient(which: 'x' | 'kernel' | 'bias'): Float64Array {
  const vals = { x: Float64Array.from(x), kernel: Float64Array.from(kernel), bias: Float64Array.from(bias) };
  const target = vals[which];
  const loss = () =>
    maxoutReference(vals.x, vals.kernel, vals.bias, batch, inputs, units, pieces).reduce((a, v, i) => a + v * dy[i], 0);
  return target.map((keep, i) => {
    const h = 2 ** -17 * Math.max(1, Math.abs(keep));
    target[i] = keep + h;
    const up = loss();
    target[i] = keep - h;
    const down = loss();
    target[i] = keep;
    return (up - down) / (2 * h);
  });
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) {
  for (let i = 0; i < b.length; i++)
    expect(Math.abs(a[i] - b[i]), `at ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
}

describe('Maxout CPU kernels', () => {
  it('forward equals the float64 definition', () => {
    close(run().y, maxoutReference(x, kernel, bias, batch, inputs, units, pieces));
  });

  it('backward equals float64 central finite differences for x, kernel and bias', () => {
    const { dx, grads } = run();
    close(dx, lossGradient('x'), 1e-4);
    close(grads.kernel, lossGradient('kernel'), 1e-4);
    close(grads.bias, lossGradient('bias'), 1e-4);
  });

  it('contains ReLU: two pieces, the second all zero, give relu(x·W₁ + b₁)', () => {
    const w = new Float32Array(inputs * 2);
    const b = new Float32Array(2);
    for (let i = 0; i < inputs; i++) w[i * 2] = kernel[i];
    b[0] = 0.25;
    const y = new Float32Array(batch);
    maxoutForward(x, y, new Int32Array(batch), { batch, inputs, units: 1, pieces: 2 }, { kernel: w, bias: b });
    for (let n = 0; n < batch; n++) {
      let z = b[0];
      for (let i = 0; i < inputs; i++) z += x[n * inputs + i] * w[i * 2];
      expect(y[n]).toBeCloseTo(Math.max(0, z), 6);
    }
  });

  it('contains Leaky ReLU: second piece = 0.1 × the first gives leakyRelu(z, 0.1)', () => {
    const w = new Float32Array(inputs * 2);
    const b = new Float32Array([0.5, 0.05]);
    for (let i = 0; i < inputs; i++) {
      w[i * 2] = kernel[i];
      w[i * 2 + 1] = 0.1 * kernel[i];
    }
    const y = new Float32Array(batch);
    maxoutForward(x, y, new Int32Array(batch), { batch, inputs, units: 1, pieces: 2 }, { kernel: w, bias: b });
    for (let n = 0; n < batch; n++) {
      let z = 0.5;
      for (let i = 0; i < inputs; i++) z += x[n * inputs + i] * kernel[i];
      expect(y[n]).toBeCloseTo(z > 0 ? z : 0.1 * z, 5);
    }
  });

  it('NaN in gives NaN out', () => {
    const xn = Float32Array.from(x);
    xn[0] = Number.NaN;
    const y = new Float32Array(batch * units);
    maxoutForward(xn, y, new Int32Array(batch * units), dims, { kernel, bias });
    for (let j = 0; j < units; j++) expect(y[j]).toBeNaN();
    expect(y[units]).not.toBeNaN();
  });
});

const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as unknown as new (s: {
  mode: string;
}) => {
  createKernel(
    src: string,
    settings: Record<string, unknown>,
  ): ((...a: unknown[]) => unknown) & {
    kernel: { constructor: { name: string } };
  };
  destroy(): unknown;
};

function gpuRun(mode: string, src: string, output: number[], args: unknown[]): Float32Array {
  const gpu = new GPU({ mode });
  try {
    const k = gpu.createKernel(src, { output, constants: dims, precision: 'single', tactic: 'precision' });
    const out = k(...args) as ArrayLike<number> | ArrayLike<number>[];
    const kernelClass = { headlessgl: 'HeadlessGLKernel', webasm: 'WebAssemblyKernel', cpu: 'CPUKernel' }[mode];
    expect(k.kernel.constructor.name).toBe(kernelClass);
    return Float32Array.from(
      output.length === 1 ? Array.from(out as ArrayLike<number>) : (out as ArrayLike<number>[]).flatMap((r) => Array.from(r)),
    );
  } finally {
    gpu.destroy();
  }
}

const rows = (flat: ArrayLike<number>, width: number) =>
  Array.from({ length: flat.length / width }, (_, r) =>
    Float32Array.from(Array.prototype.slice.call(flat, r * width, (r + 1) * width)),
  );

describe.each(['headlessgl', 'webasm', 'cpu'])('Maxout gpu.js kernels ≡ CPU kernels (gpu.js %s)', (mode) => {
  it('forward, winner, dKernel, dBias, dx', () => {
    const cpu = run();
    const x2 = rows(x, inputs);
    const w2 = rows(kernel, cols);
    const dy2 = rows(dy, units);
    close(gpuRun(mode, K.MAXOUT_FORWARD, [units, batch], [x2, w2, bias]), cpu.y);
    const winner = gpuRun(mode, K.MAXOUT_WINNER, [units, batch], [x2, w2, bias]);
    expect(Array.from(winner)).toEqual(Array.from(cpu.winner));
    const win2 = rows(winner, units);
    close(gpuRun(mode, K.MAXOUT_GRAD_KERNEL, [cols, inputs], [x2, dy2, win2]), cpu.grads.kernel);
    close(gpuRun(mode, K.MAXOUT_GRAD_BIAS, [cols], [dy2, win2]), cpu.grads.bias);
    close(gpuRun(mode, K.MAXOUT_GRAD_INPUT, [inputs, batch], [dy2, w2, win2]), cpu.dx);
  });
});
