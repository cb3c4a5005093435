import { windowGeometry } from '../packages/conv/src/geometry';
import { maxPoolForward } from '../packages/conv/src/pool/kernels';
const B = 32;
const ms = (f: () => void) => { for (let i = 0; i < 50; i++) f(); const t: number[] = []; for (let r = 0; r < 200; r++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } t.sort((a, b) => a - b); return t[100].toFixed(3); };
const g = windowGeometry('p', [6, 28, 28], { kernel: [2, 2], strides: [2, 2], dilation: [1, 1], padding: [0, 0] });
const x = Float32Array.from({ length: B * 6 * 784 }, () => Math.random() - 0.5);
const relu = x.map((v) => Math.max(v, 0));
const y = new Float32Array(B * 6 * 196); const am = new Int32Array(y.length);
console.log('random', ms(() => maxPoolForward(g, B, x, y, am)));
console.log('relu-d', ms(() => maxPoolForward(g, B, relu, y, am)));
function simple(planes: number, inW: number, outH: number, outW: number, x: Float32Array, y: Float32Array, argmax: Int32Array) {
  let o = 0;
  for (let p = 0; p < planes; p++) for (let i = 0; i < outH; i++) {
    let top = p * inW * inW + 2 * i * inW;
    for (let j = 0; j < outW; j++, top += 2, o++) {
      const a = x[top], b = x[top + 1], c = x[top + inW], d = x[top + inW + 1];
      const m1 = b > a ? b : a; const i1 = b > a ? top + 1 : top;
      const m2 = d > c ? d : c; const i2 = d > c ? top + inW + 1 : top + inW;
      y[o] = m2 > m1 ? m2 : m1; argmax[o] = m2 > m1 ? i2 : i1;
    }
  }
}
console.log('simple relu-d', ms(() => simple(B * 6, 28, 14, 14, relu, y, am)));
