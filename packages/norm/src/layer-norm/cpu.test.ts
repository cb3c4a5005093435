import { describe, expect, it } from 'vitest';
import { finiteDifferenceGradient, mismatch, normals, referenceLayerNorm, torchFixtures } from '../test-support';
import { layerNormBackward, layerNormForward } from './cpu';

describe('LayerNorm CPU kernels against PyTorch (fixtures/torch-norm.json)', () => {
  for (const fixture of torchFixtures.layerNorm) {
    it(fixture.name, () => {
      const features = fixture.normalizedShape.reduce((a, b) => a * b, 1);
      const dims = { rows: fixture.x.length / features, features };
      const affine = { weight: Float32Array.from(fixture.weight), bias: Float32Array.from(fixture.bias) };
      const saved = { mean: new Float64Array(dims.rows), invStd: new Float64Array(dims.rows) };
      const grads = { weight: new Float32Array(features), bias: new Float32Array(features) };
      const x = Float32Array.from(fixture.x);
      const y = new Float32Array(x.length);
      const dx = new Float32Array(x.length);
      layerNormForward(x, y, dims, fixture.eps, affine, saved);
      layerNormBackward(x, Float32Array.from(fixture.dy), dx, dims, affine, saved, grads);
      expect(mismatch(y, fixture.y), 'y').toBeUndefined();
      expect(mismatch(dx, fixture.dx), 'dx').toBeUndefined();
      expect(mismatch(grads.weight, fixture.dWeight), 'dWeight').toBeUndefined();
      expect(mismatch(grads.bias, fixture.dBias), 'dBias').toBeUndefined();
    });
  }
});

describe('LayerNorm CPU kernels against float64 finite differences', () => {
  for (const shape of [
    [5, 4],
    [2, 9],
  ] as [number, number][]) {
    it(`[${shape}]: dx, dγ, dβ`, () => {
      const [rows, features] = shape;
      const n = rows * features;
      const x = normals(11, n, 3, -1);
      const dy = normals(12, n);
      const weight = normals(13, features, 0.5, 1);
      const bias = normals(14, features, 0.5);
      const eps = 1e-5;
      const saved = { mean: new Float64Array(rows), invStd: new Float64Array(rows) };
      const grads = { weight: new Float32Array(features), bias: new Float32Array(features) };
      const y = new Float32Array(n);
      const dx = new Float32Array(n);
      layerNormForward(x, y, { rows, features }, eps, { weight, bias }, saved);
      expect(mismatch(y, referenceLayerNorm(x, shape, eps, weight, bias))).toBeUndefined();
      layerNormBackward(x, dy, dx, { rows, features }, { weight, bias }, saved, grads);
      const fdX = finiteDifferenceGradient((v) => referenceLayerNorm(v, shape, eps, weight, bias), x, dy);
      const fdW = finiteDifferenceGradient((v) => referenceLayerNorm(x, shape, eps, v, bias), weight, dy);
      const fdB = finiteDifferenceGradient((v) => referenceLayerNorm(x, shape, eps, weight, v), bias, dy);
      expect(mismatch(dx, fdX, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.weight, fdW, 1e-4, 1e-5)).toBeUndefined();
      expect(mismatch(grads.bias, fdB, 1e-4, 1e-5)).toBeUndefined();
    });
  }
});
