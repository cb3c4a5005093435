import { describe, expect, it } from 'vitest';
import { GPU_TEST_MODES, rowsOf, runKernel } from '../gpu-test-support';
import { mismatch, normals } from '../test-support';
import {
  batchNormBackwardInference,
  batchNormBackwardTraining,
  batchNormForwardInference,
  batchNormForwardTraining,
} from './cpu';
import * as K from './gpu-kernels';

const batch = 4;
const channels = 3;
const spatial = 5;
const cols = channels * spatial;
const n = batch * cols;
const hyper = { eps: 1e-5, momentum: 0.1 };
const constants = { batch, channels, spatial, ...hyper };
const x = normals(21, n, 2, 0.5);
const dy = normals(22, n);
const weight = normals(23, channels, 0.5, 1);
const bias = normals(24, channels, 0.5);
const runningMean = normals(25, channels, 0.3);
const runningVar = normals(26, channels, 0.2, 1.2);

describe.each(GPU_TEST_MODES)('BatchNorm gpu.js kernels ≡ CPU kernels (gpu.js %s)', (mode) => {
  const run = (src: string, out: number[], args: unknown[]) => runKernel(mode, src, out, constants, args);

  it('training: batch statistics, running update, y, dγ, dβ, dx', () => {
    const cpu = {
      y: new Float32Array(n),
      dx: new Float32Array(n),
      running: { mean: Float32Array.from(runningMean), variance: Float32Array.from(runningVar) },
      saved: { mean: new Float64Array(channels), invStd: new Float64Array(channels) },
      grads: { weight: new Float32Array(channels), bias: new Float32Array(channels) },
    };
    batchNormForwardTraining(x, cpu.y, { batch, channels, spatial }, hyper, { weight, bias }, cpu.running, cpu.saved);
    batchNormBackwardTraining(x, dy, cpu.dx, { batch, channels, spatial }, { weight, bias }, cpu.saved, cpu.grads);

    const x2 = rowsOf(x, cols);
    const dy2 = rowsOf(dy, cols);
    const mean = run(K.BATCH_NORM_MEAN, [channels], [x2]);
    const variance = run(K.BATCH_NORM_VARIANCE, [channels], [x2, mean]);
    expect(mismatch(mean, cpu.saved.mean, 1e-5, 1e-6)).toBeUndefined();
    const cpuVariance = Array.from(cpu.saved.invStd, (s) => 1 / (s * s) - hyper.eps);
    expect(mismatch(variance, cpuVariance, 1e-5, 1e-6)).toBeUndefined();
    expect(mismatch(run(K.BATCH_NORM_RUNNING_MEAN, [channels], [runningMean, mean]), cpu.running.mean)).toBeUndefined();
    expect(
      mismatch(run(K.BATCH_NORM_RUNNING_VARIANCE, [channels], [runningVar, variance]), cpu.running.variance),
    ).toBeUndefined();
    expect(mismatch(run(K.BATCH_NORM_NORMALIZE, [cols, batch], [x2, mean, variance, weight, bias]), cpu.y)).toBeUndefined();
    const dBias = run(K.BATCH_NORM_GRAD_BIAS, [channels], [dy2]);
    const dWeight = run(K.BATCH_NORM_GRAD_WEIGHT, [channels], [x2, dy2, mean, variance]);
    expect(mismatch(dBias, cpu.grads.bias, 1e-5, 1e-5)).toBeUndefined();
    expect(mismatch(dWeight, cpu.grads.weight, 1e-5, 1e-5)).toBeUndefined();
    const dx = run(K.BATCH_NORM_GRAD_INPUT_TRAINING, [cols, batch], [x2, dy2, mean, variance, weight, dBias, dWeight]);
    expect(mismatch(dx, cpu.dx, 1e-4, 1e-5)).toBeUndefined();
  });

  it('inference: y, dγ, dβ, dx with the running statistics', () => {
    const running = { mean: runningMean, variance: runningVar };
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    const grads = { weight: new Float32Array(channels), bias: new Float32Array(channels) };
    batchNormForwardInference(x, y, { batch, channels, spatial }, hyper, { weight, bias }, running);
    batchNormBackwardInference(x, dy, dx, { batch, channels, spatial }, hyper, { weight, bias }, running, grads);
    const x2 = rowsOf(x, cols);
    const dy2 = rowsOf(dy, cols);
    expect(mismatch(run(K.BATCH_NORM_NORMALIZE, [cols, batch], [x2, runningMean, runningVar, weight, bias]), y)).toBeUndefined();
    expect(
      mismatch(run(K.BATCH_NORM_GRAD_WEIGHT, [channels], [x2, dy2, runningMean, runningVar]), grads.weight, 1e-5, 1e-5),
    ).toBeUndefined();
    expect(mismatch(run(K.BATCH_NORM_GRAD_INPUT_INFERENCE, [cols, batch], [dy2, runningVar, weight]), dx)).toBeUndefined();
  });
});
