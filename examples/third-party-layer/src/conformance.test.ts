import * as gpujs from 'gpu.js';
import { createRng } from '@rectify/core';
import { describeLayerConformance, type GpuLayerRun, type LayerInstance, type LayerSubject } from '@rectify/testkit';
import * as K from './gpu-kernels';
import { MaxoutRunner } from './runner';

interface Saved {
  kernel: number[];
  bias: number[];
}

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

function runKernel(mode: string, src: string, output: number[], constants: Record<string, number>, args: unknown[]) {
  const gpu = new GPU({ mode });
  try {
    const k = gpu.createKernel(src, { output, constants, precision: 'single', tactic: 'precision' });
    const out = k(...args) as ArrayLike<number> | ArrayLike<number>[];
    if (mode === 'headlessgl' && k.kernel.constructor.name !== 'HeadlessGLKernel') throw new Error('headless-gl did not run');
    return Float32Array.from(
      output.length === 1 ? Array.from(out as ArrayLike<number>) : (out as ArrayLike<number>[]).flatMap((r) => Array.from(r)),
    );
  } finally {
    gpu.destroy();
  }
}

const rows = (flat: Float32Array, width: number) =>
  Array.from({ length: flat.length / width }, (_, r) => flat.subarray(r * width, (r + 1) * width));

function maxoutSubject(inputs: number, units: number, pieces: number): LayerSubject {
  const cols = units * pieces;
  const make = (seed: number, saved?: Saved): LayerInstance => {
    const rng = createRng(seed);
    const bound = 1 / Math.sqrt(inputs);
    const kernel = Float32Array.from({ length: inputs * cols }, (_, i) => saved?.kernel[i] ?? bound * (2 * rng.uniform() - 1));
    const bias = Float32Array.from({ length: cols }, (_, i) => saved?.bias[i] ?? bound * (2 * rng.uniform() - 1));
    const grads = { kernel: new Float32Array(kernel.length), bias: new Float32Array(cols) };
    const runner = new MaxoutRunner(inputs, units, pieces, { kernel, bias }, grads);
    let y = new Float32Array(0);
    let dx = new Float32Array(0);
    return {
      outputShape: [units],
      params: () => [
        { name: 'kernel', value: kernel, grad: grads.kernel },
        { name: 'bias', value: bias, grad: grads.bias },
      ],
      state: () => [],
      forward(x, batch) {
        if (y.length !== batch * units) y = new Float32Array(batch * units);
        runner.forward(x, batch, y);
        return y;
      },
      backward(dy) {
        if (dx.length !== (dy.length / units) * inputs) dx = new Float32Array((dy.length / units) * inputs);
        runner.backward(dy, dx);
        return dx;
      },
      serialize: (): Saved => ({ kernel: Array.from(kernel), bias: Array.from(bias) }),
    };
  };
  const run = (mode: string, layer: LayerInstance, x: Float32Array, batch: number, dy: Float32Array): GpuLayerRun => {
    const [kernel, bias] = layer.params().map((p) => p.value);
    const c = { batch, inputs, units, pieces };
    const x2 = rows(x, inputs);
    const w2 = rows(kernel, cols);
    const dy2 = rows(dy, units);
    const y = runKernel(mode, K.MAXOUT_FORWARD, [units, batch], c, [x2, w2, bias]);
    const win2 = rows(runKernel(mode, K.MAXOUT_WINNER, [units, batch], c, [x2, w2, bias]), units);
    return {
      y,
      dx: runKernel(mode, K.MAXOUT_GRAD_INPUT, [inputs, batch], c, [dy2, w2, win2]),
      grads: {
        kernel: runKernel(mode, K.MAXOUT_GRAD_KERNEL, [cols, inputs], c, [x2, dy2, win2]),
        bias: runKernel(mode, K.MAXOUT_GRAD_BIAS, [cols], c, [dy2, win2]),
      },
      state: {},
    };
  };
  return {
    name: `maxout ${inputs}→${units}×${pieces}`,
    inputShape: [inputs],
    create: (seed) => make(seed),
    restore: (data) => make(0, data as Saved),
    gpu: { modes: ['headlessgl', 'cpu'], run },
  };
}

describeLayerConformance(maxoutSubject(5, 3, 2));
describeLayerConformance(maxoutSubject(4, 2, 4), { batch: 6 });
