/**
 * Profiles the two conv2d CPU kernels on LeNet's second convolution (6→16 channels, 5×5, 14×14 input, batch 32):
 * `pnpm exec tsx test/profile-kernels.ts`. Informs the choice of the executor's kernel; speed claims live in bench/.
 */
import { createRng } from '@rectify/core';
import { colsLength, convBackwardGemm, convForwardGemm } from '../src/conv2d/im2col';
import { type ConvGeometry, windowGeometry } from '../src/geometry';
import { convBackward, convForward } from './direct-conv';

const rng = createRng(1);
const g: ConvGeometry = {
  ...windowGeometry('profile', [6, 14, 14], { kernel: [5, 5], strides: [1, 1], dilation: [1, 1], padding: 'valid' }),
  filters: 16,
  groups: 1,
};
const rows = 32;
const x = Float32Array.from({ length: rows * 6 * 196 }, () => rng.normal());
const w = Float32Array.from({ length: 16 * 6 * 25 }, () => rng.normal());
const b = new Float32Array(16);
const y = new Float32Array(rows * 16 * 100);
const dy = Float32Array.from(y, () => rng.normal());
const dW = new Float32Array(w.length);
const db = new Float32Array(16);
const dx = new Float32Array(x.length);
const cols = new Float32Array(colsLength(g));
const dcols = new Float32Array(colsLength(g));

function best(name: string, step: () => void): void {
  for (let i = 0; i < 5; i++) step();
  let min = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) step();
    min = Math.min(min, (performance.now() - t0) / 10);
  }
  console.log(`${name}: ${min.toFixed(2)} ms per forward+backward`);
}
best('direct', () => {
  convForward(g, rows, x, w, b, y);
  convBackward(g, rows, x, w, dy, dW, db, dx);
});
best('im2col+gemm', () => {
  convForwardGemm(g, rows, x, w, b, y, cols);
  convBackwardGemm(g, rows, x, w, dy, dW, db, dx, cols, dcols);
});
