import { createRng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { windowGeometry } from '../src/geometry';
import { maxPoolAnyWindow, maxPoolForward } from '../src/pool/kernels';
import { SimdMaxPool2x2 } from '../src/pool/max-pool-simd';

const rng = createRng(5);

describe('max pooling, the unrolled and the SIMD 2×2 stride-2 paths', () => {
  it('picks the same values and first-maximum indices as the general loop: ties, ±∞, NaN, odd sizes', () => {
    // Few distinct values make ties common; NaN and infinities are sprinkled in.
    const pool = [0, 1, 1, 2, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, -0];
    for (const [channels, h, w] of [
      [3, 8, 8],
      [2, 7, 9],
      [1, 2, 2],
      [4, 5, 3],
      [2, 28, 28],
      [3, 10, 10],
      [1, 19, 21],
    ]) {
      const g = windowGeometry('t', [channels, h, w], { kernel: [2, 2], strides: [2, 2], dilation: [1, 1], padding: [0, 0] });
      const rows = 3;
      const x = Float32Array.from({ length: rows * channels * h * w }, () => pool[Math.floor(rng.uniform() * pool.length)]);
      const out = rows * channels * g.outH * g.outW;
      const [y1, y2, y3] = [new Float32Array(out), new Float32Array(out), new Float32Array(out)];
      const [a1, a2, a3] = [new Int32Array(out), new Int32Array(out), new Int32Array(out)];
      maxPoolForward(g, rows, x, y1, a1);
      maxPoolAnyWindow(g, rows, x, y2, a2);
      (SimdMaxPool2x2.create(g) as SimdMaxPool2x2).run(rows, x, y3, a3);
      expect(Array.from(a1)).toEqual(Array.from(a2));
      expect(Array.from(y1)).toEqual(Array.from(y2));
      expect(Array.from(a3)).toEqual(Array.from(a2));
      expect(Array.from(y3)).toEqual(Array.from(y2));
      expect(y1.some(Number.isNaN)).toBe(true);
    }
  });

  it('the SIMD kernel runs here and keeps its results right across batch sizes', () => {
    const g = windowGeometry('t', [3, 12, 10], { kernel: [2, 2], strides: [2, 2], dilation: [1, 1], padding: [0, 0] });
    const simd = SimdMaxPool2x2.create(g);
    expect(simd).not.toBeNull();
    for (const rows of [2, 5, 1, 3]) {
      const x = Float32Array.from({ length: rows * 360 }, () => rng.normal());
      const out = rows * 3 * 30;
      const [y1, y2] = [new Float32Array(out), new Float32Array(out)];
      const [a1, a2] = [new Int32Array(out), new Int32Array(out)];
      maxPoolAnyWindow(g, rows, x, y1, a1);
      simd?.run(rows, x, y2, a2);
      expect(Array.from(a2)).toEqual(Array.from(a1));
      expect(Array.from(y2)).toEqual(Array.from(y1));
    }
  });

  it('the SIMD kernel runs a batch bigger than its 4 MiB chunk in pieces, indices over the whole batch', () => {
    // (64² input + 2·32² outputs and indices) floats per sample: 170 samples per chunk, so 400 rows take three.
    const g = windowGeometry('t', [1, 64, 64], { kernel: [2, 2], strides: [2, 2], dilation: [1, 1], padding: [0, 0] });
    const rows = 400;
    const x = Float32Array.from({ length: rows * 4096 }, () => rng.normal());
    const out = rows * 1024;
    const [y1, y2] = [new Float32Array(out), new Float32Array(out)];
    const [a1, a2] = [new Int32Array(out), new Int32Array(out)];
    maxPoolAnyWindow(g, rows, x, y1, a1);
    (SimdMaxPool2x2.create(g) as SimdMaxPool2x2).run(rows, x, y2, a2);
    expect(Array.from(a2)).toEqual(Array.from(a1));
    expect(Array.from(y2)).toEqual(Array.from(y1));
  });

  it('takes the first of tied maxima in row-major order and lets a NaN win (PyTorch)', () => {
    const g = windowGeometry('t', [1, 2, 6], { kernel: [2, 2], strides: [2, 2], dilation: [1, 1], padding: [0, 0] });
    // Windows: [5 5 / 5 5], [1 2 / 2 0], [NaN 9 / 9 NaN]
    const x = Float32Array.from([5, 5, 1, 2, Number.NaN, 9, 5, 5, 2, 0, 9, Number.NaN]);
    const y = new Float32Array(3);
    const at = new Int32Array(3);
    for (const pool of [
      maxPoolForward,
      (...a: Parameters<typeof maxPoolForward>) => SimdMaxPool2x2.create(g)?.run(a[1], a[2], a[3], a[4]),
    ]) {
      at.fill(-1);
      pool(g, 1, x, y, at);
      expect(Array.from(at)).toEqual([0, 3, 4]);
      expect(Array.from(y.subarray(0, 2))).toEqual([5, 2]);
      expect(Number.isNaN(y[2])).toBe(true);
    }
  });

  it('the general loop also lets a NaN in an upper row of the window win over larger values below it', () => {
    const g = windowGeometry('t', [1, 3, 3], { kernel: [3, 3], strides: [1, 1], dilation: [1, 1], padding: [0, 0] });
    const x = Float32Array.from([0, Number.NaN, 1, 7, 8, 9, 2, 3, 4]);
    const y = new Float32Array(1);
    const at = new Int32Array(1);
    maxPoolAnyWindow(g, 1, x, y, at);
    expect(at[0]).toBe(1);
    expect(Number.isNaN(y[0])).toBe(true);
  });
});
