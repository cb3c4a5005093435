// Test subjects for @rectify/testkit's layer suite: BatchNorm and LayerNorm over their runners, with a gpu runner
// that executes the gpu.js kernel sources in sequence (the programs the gpu executor contributes).
import { createRng } from '@rectify/core';
import type { GpuLayerRun, LayerInstance, LayerSubject } from '@rectify/testkit';
import * as BK from './batch-norm/gpu-kernels';
import { BatchNormRunner } from './batch-norm/runner';
import { GPU_TEST_MODES, rowsOf, runKernel } from './gpu-test-support';
import * as LK from './layer-norm/gpu-kernels';
import { LayerNormRunner } from './layer-norm/runner';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

interface Saved {
  weight: number[];
  bias: number[];
  runningMean?: number[];
  runningVar?: number[];
}

/** Output and input-gradient buffers reused while the length stays the same. */
function buffers() {
  let y = new Float32Array(0);
  let dx = new Float32Array(0);
  return {
    y(n: number) {
      if (y.length !== n) y = new Float32Array(n);
      return y;
    },
    dx(n: number) {
      if (dx.length !== n) dx = new Float32Array(n);
      return dx;
    },
  };
}

/** γ and β near PyTorch's 1 and 0 but seeded away from them, so that a wrong affine term shows. */
function affine(seed: number, n: number, saved?: Saved) {
  const rng = createRng(seed);
  return {
    weight: Float32Array.from({ length: n }, (_, i) => saved?.weight[i] ?? 1 + 0.3 * rng.normal()),
    bias: Float32Array.from({ length: n }, (_, i) => saved?.bias[i] ?? 0.3 * rng.normal()),
    weightGrad: new Float32Array(n),
    biasGrad: new Float32Array(n),
  };
}

/** BatchNorm over `inputShape` (`[C]` or `[C, ...spatial]`). */
export function batchNormSubject(inputShape: readonly number[], eps = 1e-5, momentum = 0.1): LayerSubject {
  const channels = inputShape[0];
  const spatial = size(inputShape.slice(1));
  const make = (seed: number, saved?: Saved): LayerInstance => {
    const p = affine(seed, channels, saved);
    const mean = Float32Array.from({ length: channels }, (_, i) => saved?.runningMean?.[i] ?? 0);
    const variance = Float32Array.from({ length: channels }, (_, i) => saved?.runningVar?.[i] ?? 1);
    const runner = new BatchNormRunner(
      channels,
      spatial,
      { eps, momentum },
      { weight: p.weight, bias: p.bias },
      { weight: p.weightGrad, bias: p.biasGrad },
      { mean, variance },
    );
    const out = buffers();
    return {
      outputShape: inputShape,
      params: () => [
        { name: 'weight', value: p.weight, grad: p.weightGrad },
        { name: 'bias', value: p.bias, grad: p.biasGrad },
      ],
      state: () => [
        { name: 'runningMean', value: mean },
        { name: 'runningVar', value: variance },
      ],
      forward(x, batch, training) {
        const y = out.y(x.length);
        runner.forward(x, batch, training, y);
        return y;
      },
      backward(dy) {
        const dx = out.dx(dy.length);
        runner.backward(dy, dx);
        return dx;
      },
      serialize: (): Saved => ({
        weight: Array.from(p.weight),
        bias: Array.from(p.bias),
        runningMean: Array.from(mean),
        runningVar: Array.from(variance),
      }),
    };
  };
  const gpuRun = (
    mode: string,
    layer: LayerInstance,
    x: Float32Array,
    batch: number,
    dy: Float32Array,
    training: boolean,
  ): GpuLayerRun => {
    const [weight, bias] = layer.params().map((p) => p.value);
    const [runningMean, runningVar] = layer.state().map((s) => s.value);
    const cols = channels * spatial;
    const run = (src: string, out: number[], args: unknown[]) =>
      runKernel(mode, src, out, { batch, channels, spatial, eps, momentum }, args);
    const x2 = rowsOf(x, cols);
    const dy2 = rowsOf(dy, cols);
    const mean = training ? run(BK.BATCH_NORM_MEAN, [channels], [x2]) : runningMean;
    const variance = training ? run(BK.BATCH_NORM_VARIANCE, [channels], [x2, mean]) : runningVar;
    const y = run(BK.BATCH_NORM_NORMALIZE, [cols, batch], [x2, mean, variance, weight, bias]);
    const dBias = run(BK.BATCH_NORM_GRAD_BIAS, [channels], [dy2]);
    const dWeight = run(BK.BATCH_NORM_GRAD_WEIGHT, [channels], [x2, dy2, mean, variance]);
    const dx = training
      ? run(BK.BATCH_NORM_GRAD_INPUT_TRAINING, [cols, batch], [x2, dy2, mean, variance, weight, dBias, dWeight])
      : run(BK.BATCH_NORM_GRAD_INPUT_INFERENCE, [cols, batch], [dy2, variance, weight]);
    const state = training
      ? {
          runningMean: run(BK.BATCH_NORM_RUNNING_MEAN, [channels], [runningMean, mean]),
          runningVar: run(BK.BATCH_NORM_RUNNING_VARIANCE, [channels], [runningVar, variance]),
        }
      : { runningMean: Float32Array.from(runningMean), runningVar: Float32Array.from(runningVar) };
    return { y, dx, grads: { weight: dWeight, bias: dBias }, state };
  };
  return {
    name: `batch-norm [${inputShape}]`,
    inputShape,
    create: (seed) => make(seed),
    restore: (data) => make(0, data as Saved),
    gpu: { modes: GPU_TEST_MODES, run: gpuRun },
  };
}

/** LayerNorm over every per-sample dimension of `inputShape`. */
export function layerNormSubject(inputShape: readonly number[], eps = 1e-5): LayerSubject {
  const features = size(inputShape);
  const make = (seed: number, saved?: Saved): LayerInstance => {
    const p = affine(seed, features, saved);
    const runner = new LayerNormRunner(
      features,
      eps,
      { weight: p.weight, bias: p.bias },
      { weight: p.weightGrad, bias: p.biasGrad },
    );
    const out = buffers();
    return {
      outputShape: inputShape,
      params: () => [
        { name: 'weight', value: p.weight, grad: p.weightGrad },
        { name: 'bias', value: p.bias, grad: p.biasGrad },
      ],
      state: () => [],
      forward(x, batch) {
        const y = out.y(x.length);
        runner.forward(x, batch, y);
        return y;
      },
      backward(dy) {
        const dx = out.dx(dy.length);
        runner.backward(dy, dx);
        return dx;
      },
      serialize: (): Saved => ({ weight: Array.from(p.weight), bias: Array.from(p.bias) }),
    };
  };
  const gpuRun = (mode: string, layer: LayerInstance, x: Float32Array, batch: number, dy: Float32Array): GpuLayerRun => {
    const [weight, bias] = layer.params().map((p) => p.value);
    const run = (src: string, out: number[], args: unknown[]) => runKernel(mode, src, out, { rows: batch, features, eps }, args);
    const x2 = rowsOf(x, features);
    const dy2 = rowsOf(dy, features);
    const mean = run(LK.LAYER_NORM_MEAN, [batch], [x2]);
    const variance = run(LK.LAYER_NORM_VARIANCE, [batch], [x2, mean]);
    const y = run(LK.LAYER_NORM_NORMALIZE, [features, batch], [x2, mean, variance, weight, bias]);
    const dWeight = run(LK.LAYER_NORM_GRAD_WEIGHT, [features], [x2, dy2, mean, variance]);
    const dBias = run(LK.LAYER_NORM_GRAD_BIAS, [features], [dy2]);
    const sumG = run(LK.LAYER_NORM_ROW_SUM_G, [batch], [dy2, weight]);
    const sumGXhat = run(LK.LAYER_NORM_ROW_SUM_G_XHAT, [batch], [x2, dy2, mean, variance, weight]);
    const dx = run(LK.LAYER_NORM_GRAD_INPUT, [features, batch], [x2, dy2, mean, variance, weight, sumG, sumGXhat]);
    return { y, dx, grads: { weight: dWeight, bias: dBias }, state: {} };
  };
  return {
    name: `layer-norm [${inputShape}]`,
    inputShape,
    create: (seed) => make(seed),
    restore: (data) => make(0, data as Saved),
    gpu: { modes: GPU_TEST_MODES, run: gpuRun },
  };
}
