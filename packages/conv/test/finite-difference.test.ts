import { createRng, type Layer, tensor } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { avgPool2d, conv2d, flatten, globalAvgPool, maxPool2d } from '../src';
import { build } from './support';

/** L = Σ y·g accumulated in float64 (the forward itself runs in float32). */
function loss(layer: Layer, x: Float64Array, shape: number[], g: Float64Array): number {
  const y = layer.forward(tensor(Array.from(x), shape), true).data;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * g[i];
  return s;
}

/**
 * Central differences of L against the analytic gradients of the input and every parameter (at a sample of
 * coordinates). h is large because the forward is float32; L is linear or piecewise linear in each coordinate, so
 * the difference is exact up to float32 rounding.
 */
function check(make: () => Layer, sample: number[], rows = 2): void {
  const rng = createRng(11);
  const layer = build(make(), sample);
  const shape = [rows, ...sample];
  const x = Float64Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal());
  const outSize = rows * layer.outputShape.reduce((a, b) => a * b);
  const g = Float64Array.from({ length: outSize }, () => rng.normal());
  for (const p of layer.params()) p.value.set(Float32Array.from(p.value, () => rng.normal()));

  layer.forward(tensor(Array.from(x), shape), true);
  for (const p of layer.params()) p.grad.fill(0);
  const dx = Float64Array.from(layer.backward(tensor(Array.from(g), [rows, ...layer.outputShape])).data);
  const grads = layer.params().map((p) => Float64Array.from(p.grad));

  const h = 1e-2;
  const tol = (v: number) => 2e-3 * (1 + Math.abs(v));
  const stepX = Math.max(1, Math.floor(x.length / 40));
  for (let i = 0; i < x.length; i += stepX) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = loss(layer, x, shape, g);
    x[i] = x0 - h;
    const down = loss(layer, x, shape, g);
    x[i] = x0;
    expect(Math.abs((up - down) / (2 * h) - dx[i]), `dL/dx[${i}]`).toBeLessThan(tol(dx[i]));
  }
  layer.params().forEach((p, k) => {
    const step = Math.max(1, Math.floor(p.value.length / 40));
    for (let i = 0; i < p.value.length; i += step) {
      const v0 = p.value[i];
      p.value[i] = v0 + h;
      const up = loss(layer, x, shape, g);
      p.value[i] = v0 - h;
      const down = loss(layer, x, shape, g);
      p.value[i] = v0;
      expect(Math.abs((up - down) / (2 * h) - grads[k][i]), `dL/d${p.name}[${i}]`).toBeLessThan(tol(grads[k][i]));
    }
  });
}

describe('finite differences (float64 loss, central)', () => {
  it('conv2d: kernel, bias and input', () => check(() => conv2d(3, 3, { padding: 1 }), [2, 5, 4]));
  it('conv2d: stride 2, dilation 2, groups 2, no bias', () =>
    check(() => conv2d(4, [3, 2], { strides: 2, dilation: 2, groups: 2, useBias: false }), [2, 9, 8]));
  it('conv2d: depthwise, padding same', () => check(() => conv2d(3, 3, { groups: 3, padding: 'same' }), [3, 5, 5]));
  it('max-pool2d (overlapping windows)', () => check(() => maxPool2d(3, { strides: 2, padding: 1 }), [2, 6, 5]));
  it('avg-pool2d', () => check(() => avgPool2d(2, { strides: 1 }), [2, 4, 5]));
  it('global-avg-pool', () => check(() => globalAvgPool(), [3, 3, 4]));
  it('flatten', () => check(() => flatten(), [2, 3, 2]));
});
