import { describe, expect, it } from 'vitest';
import { finiteDifferenceGradient, mismatch, normals, referenceBatchNorm, torchFixtures } from '../test-support';
import {
  type BatchNormDims,
  batchNormBackwardInference,
  batchNormBackwardTraining,
  batchNormForwardInference,
  batchNormForwardTraining,
} from './cpu';

function dimsOf(shape: readonly number[]): BatchNormDims {
  return { batch: shape[0], channels: shape[1], spatial: shape.slice(2).reduce((a, b) => a * b, 1) };
}

function state(channels: number) {
  return {
    running: { mean: new Float32Array(channels), variance: new Float32Array(channels).fill(1) },
    saved: { mean: new Float64Array(channels), invStd: new Float64Array(channels) },
    grads: { weight: new Float32Array(channels), bias: new Float32Array(channels) },
  };
}

describe('BatchNorm CPU kernels against PyTorch (fixtures/torch-norm.json)', () => {
  for (const fixture of torchFixtures.batchNorm) {
    it(fixture.name, () => {
      const dims = dimsOf(fixture.shape);
      const hyper = { eps: fixture.eps, momentum: fixture.momentum };
      const affine = { weight: Float32Array.from(fixture.weight), bias: Float32Array.from(fixture.bias) };
      const { running, saved, grads } = state(dims.channels);
      for (const [k, step] of fixture.steps.entries()) {
        const x = Float32Array.from(step.x);
        const dy = Float32Array.from(step.dy);
        const y = new Float32Array(x.length);
        const dx = new Float32Array(x.length);
        grads.weight.fill(0);
        grads.bias.fill(0);
        if (step.mode === 'train') {
          batchNormForwardTraining(x, y, dims, hyper, affine, running, saved);
          batchNormBackwardTraining(x, dy, dx, dims, affine, saved, grads);
        } else {
          batchNormForwardInference(x, y, dims, hyper, affine, running);
          batchNormBackwardInference(x, dy, dx, dims, hyper, affine, running, grads);
        }
        const where = `step ${k} (${step.mode})`;
        expect(mismatch(y, step.y), `${where} y`).toBeUndefined();
        expect(mismatch(dx, step.dx), `${where} dx`).toBeUndefined();
        expect(mismatch(grads.weight, step.dWeight), `${where} dWeight`).toBeUndefined();
        expect(mismatch(grads.bias, step.dBias), `${where} dBias`).toBeUndefined();
        expect(mismatch(running.mean, step.runningMean), `${where} running mean`).toBeUndefined();
        expect(mismatch(running.variance, step.runningVar), `${where} running var`).toBeUndefined();
      }
    });
  }
});

describe('BatchNorm CPU kernels against float64 finite differences', () => {
  const shapes: [number, number, number][] = [
    [6, 4, 1],
    [3, 2, 5],
  ];
  for (const shape of shapes) {
    const [batch, channels, spatial] = shape;
    const dims = { batch, channels, spatial };
    const n = batch * channels * spatial;
    const x = normals(1, n, 2, 0.5);
    const dy = normals(2, n);
    const weight = normals(3, channels, 0.5, 1);
    const bias = normals(4, channels, 0.5);
    const eps = 1e-5;

    it(`training mode, [${shape}]: dx, dγ, dβ`, () => {
      const { running, saved, grads } = state(channels);
      const y = new Float32Array(n);
      const dx = new Float32Array(n);
      batchNormForwardTraining(x, y, dims, { eps, momentum: 0.1 }, { weight, bias }, running, saved);
      expect(mismatch(y, referenceBatchNorm(x, shape, eps, weight, bias))).toBeUndefined();
      batchNormBackwardTraining(x, dy, dx, dims, { weight, bias }, saved, grads);
      const fdX = finiteDifferenceGradient((v) => referenceBatchNorm(v, shape, eps, weight, bias), x, dy);
      const fdW = finiteDifferenceGradient((v) => referenceBatchNorm(x, shape, eps, v, bias), weight, dy);
      const fdB = finiteDifferenceGradient((v) => referenceBatchNorm(x, shape, eps, weight, v), bias, dy);
      expect(mismatch(dx, fdX, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.weight, fdW, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.bias, fdB, 1e-4, 1e-5)).toBeUndefined();
    });

    it(`inference mode, [${shape}]: dx, dγ, dβ with the running statistics held constant`, () => {
      const { grads } = state(channels);
      const running = { mean: normals(5, channels, 0.5), variance: normals(6, channels, 0.2, 1.5) };
      const y = new Float32Array(n);
      const dx = new Float32Array(n);
      batchNormForwardInference(x, y, dims, { eps, momentum: 0.1 }, { weight, bias }, running);
      expect(mismatch(y, referenceBatchNorm(x, shape, eps, weight, bias, running))).toBeUndefined();
      batchNormBackwardInference(x, dy, dx, dims, { eps, momentum: 0.1 }, { weight, bias }, running, grads);
      const fdX = finiteDifferenceGradient((v) => referenceBatchNorm(v, shape, eps, weight, bias, running), x, dy);
      const fdW = finiteDifferenceGradient((v) => referenceBatchNorm(x, shape, eps, v, bias, running), weight, dy);
      const fdB = finiteDifferenceGradient((v) => referenceBatchNorm(x, shape, eps, weight, v, running), bias, dy);
      expect(mismatch(dx, fdX, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.weight, fdW, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.bias, fdB, 1e-4, 1e-5)).toBeUndefined();
    });
  }

  it('adds parameter gradients to what is already there and skips dx when asked', () => {
    const dims = { batch: 4, channels: 2, spatial: 1 };
    const x = normals(7, 8);
    const dy = normals(8, 8);
    const affine = { weight: new Float32Array([1, 1]), bias: new Float32Array(2) };
    const once = state(2);
    const y = new Float32Array(8);
    batchNormForwardTraining(x, y, dims, { eps: 1e-5, momentum: 0.1 }, affine, once.running, once.saved);
    batchNormBackwardTraining(x, dy, null, dims, affine, once.saved, once.grads);
    const twice = Float32Array.from(once.grads.weight);
    batchNormBackwardTraining(x, dy, null, dims, affine, once.saved, once.grads);
    for (let c = 0; c < 2; c++) expect(once.grads.weight[c]).toBeCloseTo(2 * twice[c], 6);
  });
});
