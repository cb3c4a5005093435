import { matmul, matmulTransA, matmulTransB } from '@rectify/core';
import type { ConvGeometry } from '../geometry';

/**
 * Convolution as GEMM on core's matrix kernels, one sample and group at a time: the input patches are unrolled
 * into `cols` (`[cpg·kh·kw, outH·outW]`, zeros where the window covers padding), then `y_g = W_g · cols`. `cols`
 * is the caller's scratch of {@link colsLength} floats, so nothing is allocated per step.
 */
export function colsLength(g: ConvGeometry): number {
  return (g.channels / g.groups) * g.kh * g.kw * g.outH * g.outW;
}

function im2col(g: ConvGeometry, x: Float32Array, xBase: number, cols: Float32Array): void {
  const { inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
  const cpg = g.channels / g.groups;
  let k = 0;
  for (let c = 0; c < cpg; c++) {
    const plane = xBase + c * inH * inW;
    for (let a = 0; a < kh; a++) {
      for (let e = 0; e < kw; e++) {
        for (let i = 0; i < outH; i++) {
          const r = i * sh - padTop + a * dh;
          if (r < 0 || r >= inH) {
            cols.fill(0, k, k + outW);
            k += outW;
            continue;
          }
          for (let j = 0; j < outW; j++) {
            const q = j * sw - padLeft + e * dw;
            cols[k++] = q >= 0 && q < inW ? x[plane + r * inW + q] : 0;
          }
        }
      }
    }
  }
}

function col2imAdd(g: ConvGeometry, cols: Float32Array, dx: Float32Array, xBase: number): void {
  const { inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
  const cpg = g.channels / g.groups;
  let k = 0;
  for (let c = 0; c < cpg; c++) {
    const plane = xBase + c * inH * inW;
    for (let a = 0; a < kh; a++) {
      for (let e = 0; e < kw; e++) {
        for (let i = 0; i < outH; i++) {
          const r = i * sh - padTop + a * dh;
          if (r < 0 || r >= inH) {
            k += outW;
            continue;
          }
          for (let j = 0; j < outW; j++, k++) {
            const q = j * sw - padLeft + e * dw;
            if (q >= 0 && q < inW) dx[plane + r * inW + q] += cols[k];
          }
        }
      }
    }
  }
}

/** The forward pass of a conv2d through GEMM (same math as the direct `convForward`, other summation order). */
export function convForwardGemm(
  g: ConvGeometry,
  rows: number,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
  cols: Float32Array,
): void {
  const cpg = g.channels / g.groups;
  const opg = g.filters / g.groups;
  const K = cpg * g.kh * g.kw;
  const P = g.outH * g.outW;
  for (let n = 0; n < rows; n++) {
    for (let gr = 0; gr < g.groups; gr++) {
      im2col(g, x, (n * g.channels + gr * cpg) * g.inH * g.inW, cols);
      const yOff = (n * g.filters + gr * opg) * P;
      matmul(w.subarray(gr * opg * K, (gr + 1) * opg * K), cols, y.subarray(yOff, yOff + opg * P), opg, K, P);
    }
    if (bias) {
      for (let o = 0; o < g.filters; o++) {
        const off = (n * g.filters + o) * P;
        for (let p = 0; p < P; p++) y[off + p] += bias[o];
      }
    }
  }
}

/** The backward pass through GEMM: ADDS into `dW` and `db`; writes `dx` unless null. `dcols` is scratch like `cols`. */
export function convBackwardGemm(
  g: ConvGeometry,
  rows: number,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  dW: Float32Array,
  db: Float32Array | null,
  dx: Float32Array | null,
  cols: Float32Array,
  dcols: Float32Array,
): void {
  const cpg = g.channels / g.groups;
  const opg = g.filters / g.groups;
  const K = cpg * g.kh * g.kw;
  const P = g.outH * g.outW;
  if (dx) dx.fill(0, 0, rows * g.channels * g.inH * g.inW);
  for (let n = 0; n < rows; n++) {
    for (let gr = 0; gr < g.groups; gr++) {
      const xBase = (n * g.channels + gr * cpg) * g.inH * g.inW;
      const yOff = (n * g.filters + gr * opg) * P;
      const dyG = dy.subarray(yOff, yOff + opg * P);
      const wG = w.subarray(gr * opg * K, (gr + 1) * opg * K);
      im2col(g, x, xBase, cols);
      // dW_g [opg×K] += dy_g [opg×P] · colsᵀ
      matmulTransB(dyG, cols, dW.subarray(gr * opg * K, (gr + 1) * opg * K), opg, P, K, true);
      if (dx) {
        // dcols [K×P] = W_gᵀ · dy_g
        matmulTransA(wG, dyG, dcols, opg, K, P);
        col2imAdd(g, dcols, dx, xBase);
      }
    }
  }
  if (db) addBiasGrad(g, rows, dy, db);
}

/** db[o] += Σ dy over each sample's plane o, sample by sample (each plane summed in float64). */
export function addBiasGrad(g: ConvGeometry, rows: number, dy: Float32Array, db: Float32Array): void {
  const P = g.outH * g.outW;
  for (let n = 0; n < rows; n++) {
    for (let o = 0; o < g.filters; o++) {
      const off = (n * g.filters + o) * P;
      let s = 0;
      for (let p = 0; p < P; p++) s += dy[off + p];
      db[o] += s;
    }
  }
}
