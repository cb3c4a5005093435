import { createRng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { type ConvGeometry, windowGeometry } from '../src/geometry';
import { colsLength, convBackwardGemm, convForwardGemm } from '../src/conv2d/im2col';
import { convBackward, convForward } from './direct-conv';
import { maxRelError } from './support';

const rng = createRng(21);
const int = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

describe('im2col + GEMM kernels against the direct convolution', () => {
  it('agree on 60 random geometries (strides, padding, dilation, groups), forward and every gradient', () => {
    for (let t = 0; t < 60; t++) {
      const groups = int(1, 3);
      const channels = groups * int(1, 3);
      const filters = groups * int(1, 3);
      const kernel: [number, number] = [int(1, 4), int(1, 4)];
      const dilation: [number, number] = [int(1, 2), int(1, 2)];
      const strides: [number, number] = [int(1, 3), int(1, 3)];
      const padding = t % 3 === 0 && strides[0] === 1 && strides[1] === 1 ? 'same' : ([int(0, 2), int(0, 2)] as const);
      const input = [channels, int(8, 12), int(8, 12)];
      const w = windowGeometry('t', input, { kernel, strides, dilation, padding });
      const g: ConvGeometry = { ...w, filters, groups };
      const rows = int(1, 3);
      const x = randn(rows * channels * w.inH * w.inW);
      const weight = randn((filters * channels * kernel[0] * kernel[1]) / groups);
      const bias = randn(filters);
      const outN = rows * filters * w.outH * w.outW;
      const dy = randn(outN);
      const cols = new Float32Array(colsLength(g));
      const dcols = new Float32Array(colsLength(g));
      const [y1, y2] = [new Float32Array(outN), new Float32Array(outN)];
      convForward(g, rows, x, weight, bias, y1);
      convForwardGemm(g, rows, x, weight, bias, y2, cols);
      expect(maxRelError(y2, y1)).toBeLessThan(1e-5);
      const [dW1, dW2] = [new Float32Array(weight.length), new Float32Array(weight.length)];
      const [db1, db2] = [new Float32Array(filters), new Float32Array(filters)];
      const [dx1, dx2] = [new Float32Array(x.length), new Float32Array(x.length)];
      convBackward(g, rows, x, weight, dy, dW1, db1, dx1);
      convBackwardGemm(g, rows, x, weight, dy, dW2, db2, dx2, cols, dcols);
      expect(maxRelError(dW2, dW1)).toBeLessThan(1e-5);
      expect(maxRelError(db2, db1)).toBeLessThan(1e-5);
      expect(maxRelError(dx2, dx1)).toBeLessThan(1e-5);
    }
  });
});
