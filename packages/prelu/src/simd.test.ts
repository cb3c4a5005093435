import { type KernelContext, setVmathKernel, vmathKernel } from '@rectify/core';
import { firstDifference, mixedFloat32 } from '@rectify/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { prelu } from './index';

/** Lengths around the SIMD threshold, the 8-float groups and the 2^16-element slices. */
const LENGTHS = [1, 2, 3, 5, 16, 255, 256, 257, 1003, 65536 + 37];

function ctx(length: number, slope: Float32Array, grad: Float32Array, channels: number, inner: number): KernelContext {
  const hyper = prelu.resolve({ numParameters: slope.length });
  return { length, channels, inner, hyper, params: { slope }, grads: { slope: grad } };
}

/**
 * Forward, backward and slope gradient (starting from `grad0`) in `mode`, calling the kernels per block of `block`
 * elements (a whole number of rows, as the fused dense path does).
 */
function run(
  mode: 'js' | 'auto',
  x: Float32Array,
  dy: Float32Array,
  n: number,
  slope: Float32Array,
  channels: number,
  inner: number,
  block = n,
) {
  setVmathKernel(mode);
  const y = new Float32Array(n + 3).fill(42);
  const dx = new Float32Array(n + 3).fill(42);
  const grad = Float32Array.from(slope, (_, c) => 0.5 - c);
  for (let s = 0; s < n; s += block) {
    const e = Math.min(n, s + block);
    const c = ctx(e - s, slope, grad, channels, inner);
    prelu.cpu.forward(x.subarray(s, e), y.subarray(s, e), c);
    prelu.cpu.backward(x.subarray(s, e), y.subarray(s, e), dy.subarray(s, e), dx.subarray(s, e), c);
  }
  return { y, dx, grad };
}

/** Edge slopes first (as float32, the way PReLU stores them), then ordinary ones. */
function slopes(count: number, seed: number): Float32Array {
  const edge = [0.25, 0, -0, 1e17, -1e17, 1, 1e-40, -3, 0.01];
  return Float32Array.from({ length: count }, (_, c) => (count === 1 ? edge[seed % edge.length]! : edge[(c + seed) % 9]!));
}

/** Independent truth: x > 0 ? x : a·x, NaN x → NaN dx, and the float64 per-channel sum of min(x, 0)·dy in order
 * (a shared slope: in eight partial sums by index mod 8, combined pairwise). */
function reference(x: Float32Array, dy: Float32Array, n: number, slope: Float32Array, channels: number, inner: number) {
  const y = new Float32Array(n);
  const dx = new Float32Array(n);
  const sums = new Float64Array(slope.length);
  const partials = new Float64Array(8);
  for (let i = 0; i < n; i++) {
    const c = slope.length === 1 ? 0 : Math.floor(i / inner) % channels;
    const a = slope[c]!;
    const v = x[i]!;
    y[i] = v > 0 ? v : a * v;
    dx[i] = Number.isNaN(v) ? v : v > 0 ? dy[i]! : a * dy[i]!;
    if (slope.length === 1) partials[i % 8]! += Math.min(v, 0) * dy[i]!;
    else sums[c]! += Math.min(v, 0) * dy[i]!;
  }
  // A shared slope's documented order: term i into partial i mod 8, then ((p0+p1)+(p2+p3))+((p4+p5)+(p6+p7)).
  const p = partials;
  if (slope.length === 1) sums[0] = p[0]! + p[1]! + (p[2]! + p[3]!) + (p[4]! + p[5]! + (p[6]! + p[7]!));
  const grad = Float32Array.from(slope, (_, c) => 0.5 - c + sums[c]!);
  return { y, dx, grad };
}

describe('prelu CPU kernels: WebAssembly SIMD path', () => {
  afterEach(() => setVmathKernel('auto'));

  it('is available here, so the comparisons below exercise it', () => {
    expect(vmathKernel()).toBe('wasm-simd');
  });

  it.each([
    [1, 1],
    [3, 1],
    [4, 1],
    [16, 1],
    [33, 1],
    [8, 3],
  ])('gives the JavaScript loops’ bits, slope gradient included (%i channels, inner %i)', (channels, inner) => {
    for (const n of LENGTHS) {
      for (let seed = 0; seed < (channels === 1 ? 9 : 2); seed++) {
        const slope = slopes(channels, seed);
        const x = mixedFloat32(n + 3, n + seed);
        const dy = mixedFloat32(n + 3, n + seed + 7);
        const js = run('js', x, dy, n, slope, channels, inner);
        const simd = run('auto', x, dy, n, slope, channels, inner);
        const rowBlock = channels * inner * 37;
        const blocks = run('auto', x, dy, n, slope, channels, inner, rowBlock);
        const blocksJs = run('js', x, dy, n, slope, channels, inner, rowBlock);
        const want = reference(x, dy, n, slope, channels, inner);
        const at = `n = ${n}, slopes ${Array.from(slope.subarray(0, 4))}`;
        expect(firstDifference(js.y.subarray(0, n), want.y), `js y, ${at}`).toBe(-1);
        expect(firstDifference(js.dx.subarray(0, n), want.dx), `js dx, ${at}`).toBe(-1);
        expect(firstDifference(js.grad, want.grad), `js grad, ${at}`).toBe(-1);
        expect(firstDifference(simd.y, js.y), `y, ${at}`).toBe(-1);
        expect(firstDifference(simd.dx, js.dx), `dx, ${at}`).toBe(-1);
        expect(firstDifference(simd.grad, js.grad), `grad, ${at}`).toBe(-1);
        expect(firstDifference(blocks.y, js.y), `block-wise y, ${at}`).toBe(-1);
        expect(firstDifference(blocks.dx, js.dx), `block-wise dx, ${at}`).toBe(-1);
        expect(firstDifference(blocks.grad, blocksJs.grad), `block-wise grad, ${at}`).toBe(-1);
        expect(Array.from(simd.y.subarray(n))).toEqual([42, 42, 42]);
        expect(Array.from(simd.dx.subarray(n))).toEqual([42, 42, 42]);
      }
    }
  });

  it('keeps the slope gradient exact when dx overwrites dy in place', () => {
    const n = 4000;
    const slope = slopes(8, 1);
    const x = mixedFloat32(n, 3);
    const dy = mixedFloat32(n, 4);
    const want = reference(x, dy, n, slope, 8, 1);
    setVmathKernel('auto');
    const grad = Float32Array.from(slope, (_, c) => 0.5 - c);
    const inPlace = Float32Array.from(dy);
    prelu.cpu.backward(x, x, inPlace, inPlace, ctx(n, slope, grad, 8, 1));
    expect(firstDifference(inPlace, want.dx)).toBe(-1);
    expect(firstDifference(grad, want.grad)).toBe(-1);
  });
});
