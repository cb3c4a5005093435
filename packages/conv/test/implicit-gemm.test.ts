import { createRng, matmulKernel, setMatmulKernel } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { colsLength, convBackwardGemm, convForwardGemm } from '../src/conv2d/im2col';
import { ImplicitGemmConv } from '../src/conv2d/implicit-gemm';
import { type ConvGeometry, windowGeometry } from '../src/geometry';
import { convForward } from './direct-conv';
import { maxRelError } from './support';

const rng = createRng(33);
const int = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

function randomGeometry(t: number): ConvGeometry {
  const groups = int(1, 3);
  const channels = groups * int(1, 3);
  // 1..9 filters per group: every mix of the kernel's 4-, 2- and 1-row blocks.
  const filters = groups * int(1, 9);
  const kernel: [number, number] = [int(1, 5), int(1, 5)];
  const dilation: [number, number] = [int(1, 2), int(1, 2)];
  const padding = t % 3 === 0 ? 'same' : ([int(0, 2), int(0, 2)] as const);
  const w = windowGeometry('t', [channels, int(9, 17), int(9, 17)], { kernel, strides: [1, 1], dilation, padding });
  return { ...w, filters, groups };
}

/** The SIMD backward pass against convBackwardGemm: the same bits for dW (added to a non-zero start) and dx. */
function compareBackward(g: ConvGeometry, conv: ImplicitGemmConv, rows: number, x: Float32Array, weight: Float32Array): void {
  const dy = randn(rows * g.filters * g.outH * g.outW);
  const start = randn(weight.length);
  const [dW1, dW2] = [Float32Array.from(start), Float32Array.from(start)];
  const [dx1, dx2] = [new Float32Array(x.length), new Float32Array(x.length).fill(Number.NaN)];
  const scratch = () => new Float32Array(colsLength(g));
  convBackwardGemm(g, rows, x, weight, dy, dW1, null, dx1, scratch(), scratch());
  conv.backward(rows, x, weight, dy, dW2, dx2);
  expect(Array.from(dW2)).toEqual(Array.from(dW1));
  expect(Array.from(dx2)).toEqual(Array.from(dx1));
  // Without dx (a model's first layer): dW alone.
  conv.backward(rows, x, weight, dy, dW2, null);
  convBackwardGemm(g, rows, x, weight, dy, dW1, null, null, scratch(), scratch());
  expect(Array.from(dW2)).toEqual(Array.from(dW1));
}

function compareOnRandomGeometries(): void {
  for (let t = 0; t < 80; t++) {
    const g = randomGeometry(t);
    const conv = ImplicitGemmConv.create(g) as ImplicitGemmConv;
    const weight = randn((g.filters * g.channels * g.kh * g.kw) / g.groups);
    const bias = t % 4 === 1 ? null : randn(g.filters);
    // Several batch sizes through one instance: its layout is rebuilt, the padding must stay zero.
    for (const rows of [int(1, 4), 1, int(2, 5)]) {
      const x = randn(rows * g.channels * g.inH * g.inW);
      const outN = rows * g.filters * g.outH * g.outW;
      const [direct, gemm, implicit] = [new Float32Array(outN), new Float32Array(outN), new Float32Array(outN).fill(Number.NaN)];
      convForward(g, rows, x, weight, bias, direct);
      convForwardGemm(g, rows, x, weight, bias, gemm, new Float32Array(colsLength(g)));
      conv.run(rows, x, weight, bias, implicit);
      expect(Array.from(implicit)).toEqual(Array.from(gemm));
      expect(maxRelError(implicit, direct)).toBeLessThan(1e-5);
      compareBackward(g, conv, rows, x, weight);
    }
  }
}

describe('the SIMD convolution (implicit-GEMM forward, SIMD im2col/col2im backward; strides 1)', () => {
  it('runs here: this engine has WebAssembly SIMD', () => {
    expect(matmulKernel()).toBe('wasm-simd');
    const g = randomGeometry(1);
    expect(ImplicitGemmConv.create(g)).not.toBeNull();
  });

  it('is bit-identical to im2col + core GEMM (forward, dW, dx) and agrees with the direct convolution, on 80 random geometries', () => {
    // Products this small run in JavaScript under `auto`: force core's SIMD kernel for the bitwise comparison.
    setMatmulKernel('wasm');
    try {
      compareOnRandomGeometries();
    } finally {
      setMatmulKernel('auto');
    }
  });

  it('runs a batch bigger than its 4 MiB chunk in pieces, forward and backward, with the same bits', () => {
    const w = windowGeometry('t', [1, 64, 64], { kernel: [3, 3], strides: [1, 1], dilation: [1, 1], padding: [1, 1] });
    const g: ConvGeometry = { ...w, filters: 2, groups: 1 };
    // (64² input + 66² padded + 2·64² output floats) per sample: 63 samples per chunk, so 150 rows take three.
    const rows = 150;
    const x = randn(rows * 64 * 64);
    const weight = randn(2 * 9);
    const bias = randn(2);
    const outN = rows * 2 * 64 * 64;
    const [gemm, implicit] = [new Float32Array(outN), new Float32Array(outN).fill(Number.NaN)];
    setMatmulKernel('wasm');
    try {
      convForwardGemm(g, rows, x, weight, bias, gemm, new Float32Array(colsLength(g)));
    } finally {
      setMatmulKernel('auto');
    }
    const conv = ImplicitGemmConv.create(g) as ImplicitGemmConv;
    conv.run(rows, x, weight, bias, implicit);
    expect(Array.from(implicit)).toEqual(Array.from(gemm));
    setMatmulKernel('wasm');
    try {
      compareBackward(g, conv, rows, x, weight);
    } finally {
      setMatmulKernel('auto');
    }
  });

  it('does not apply to strided convolutions (they take im2col)', () => {
    const w = windowGeometry('t', [2, 9, 9], { kernel: [3, 3], strides: [2, 1], dilation: [1, 1], padding: 'valid' });
    expect(ImplicitGemmConv.create({ ...w, filters: 3, groups: 1 })).toBeNull();
  });
});
