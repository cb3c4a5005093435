import { describe, expect, it } from 'vitest';
import { GPU_TEST_MODES, rowsOf, runKernel } from '../gpu-test-support';
import { mismatch, normals } from '../test-support';
import { layerNormBackward, layerNormForward } from './cpu';
import * as K from './gpu-kernels';

const rows = 5;
const features = 7;
const n = rows * features;
const eps = 1e-5;
const x = normals(31, n, 3, -1);
const dy = normals(32, n);
const weight = normals(33, features, 0.5, 1);
const bias = normals(34, features, 0.5);

describe.each(GPU_TEST_MODES)('LayerNorm gpu.js kernels ≡ CPU kernels (gpu.js %s)', (mode) => {
  it('row statistics, y, dγ, dβ, dx', () => {
    const run = (src: string, out: number[], args: unknown[]) => runKernel(mode, src, out, { rows, features, eps }, args);
    const saved = { mean: new Float64Array(rows), invStd: new Float64Array(rows) };
    const grads = { weight: new Float32Array(features), bias: new Float32Array(features) };
    const y = new Float32Array(n);
    const dx = new Float32Array(n);
    layerNormForward(x, y, { rows, features }, eps, { weight, bias }, saved);
    layerNormBackward(x, dy, dx, { rows, features }, { weight, bias }, saved, grads);

    const x2 = rowsOf(x, features);
    const dy2 = rowsOf(dy, features);
    const mean = run(K.LAYER_NORM_MEAN, [rows], [x2]);
    const variance = run(K.LAYER_NORM_VARIANCE, [rows], [x2, mean]);
    expect(mismatch(mean, saved.mean, 1e-5, 1e-6)).toBeUndefined();
    expect(mismatch(run(K.LAYER_NORM_NORMALIZE, [features, rows], [x2, mean, variance, weight, bias]), y)).toBeUndefined();
    expect(
      mismatch(run(K.LAYER_NORM_GRAD_WEIGHT, [features], [x2, dy2, mean, variance]), grads.weight, 1e-5, 1e-5),
    ).toBeUndefined();
    expect(mismatch(run(K.LAYER_NORM_GRAD_BIAS, [features], [dy2]), grads.bias, 1e-5, 1e-5)).toBeUndefined();
    const sumG = run(K.LAYER_NORM_ROW_SUM_G, [rows], [dy2, weight]);
    const sumGXhat = run(K.LAYER_NORM_ROW_SUM_G_XHAT, [rows], [x2, dy2, mean, variance, weight]);
    const gpuDx = run(K.LAYER_NORM_GRAD_INPUT, [features, rows], [x2, dy2, mean, variance, weight, sumG, sumGXhat]);
    expect(mismatch(gpuDx, dx, 1e-4, 1e-5)).toBeUndefined();
  });
});
