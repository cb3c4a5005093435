import type { ConvGeometry } from '../src/geometry';

/**
 * The reference: direct convolution (the loops of the definition), NCHW: `y[n, o, i, j] = b[o] + Σ x[n, c, i·sh − pt + a·dh, j·sw − pl + e·dw] · w[o, c', a, e]`
 * over the input channels `c` of `o`'s group (`c'` its index in the group). Zero padding is skipped, not stored.
 */
export function convForward(
  g: ConvGeometry,
  rows: number,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft, filters, groups } = g;
  const cpg = channels / groups;
  const opg = filters / groups;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  for (let n = 0; n < rows; n++) {
    for (let o = 0; o < filters; o++) {
      const c0 = Math.floor(o / opg) * cpg;
      const yBase = (n * filters + o) * outPlane;
      const b = bias ? bias[o] : 0;
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++) {
          let s = 0;
          for (let c = 0; c < cpg; c++) {
            const xBase = (n * channels + c0 + c) * inPlane;
            const wBase = (o * cpg + c) * kh * kw;
            for (let a = 0; a < kh; a++) {
              const r = i * sh - padTop + a * dh;
              if (r < 0 || r >= inH) continue;
              for (let e = 0; e < kw; e++) {
                const q = j * sw - padLeft + e * dw;
                if (q < 0 || q >= inW) continue;
                s += x[xBase + r * inW + q] * w[wBase + a * kw + e];
              }
            }
          }
          y[yBase + i * outW + j] = s + b;
        }
      }
    }
  }
}

/**
 * The backward pass of {@link convForward}: ADDS dLoss/dW into `dw` and dLoss/db into `db`, and writes dLoss/dx into
 * `dx` unless it is null.
 */
export function convBackward(
  g: ConvGeometry,
  rows: number,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  dW: Float32Array,
  db: Float32Array | null,
  dx: Float32Array | null,
): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft, filters, groups } = g;
  const cpg = channels / groups;
  const opg = filters / groups;
  const inPlane = inH * inW;
  const outPlane = outH * outW;
  if (dx) dx.fill(0, 0, rows * channels * inPlane);
  for (let n = 0; n < rows; n++) {
    for (let o = 0; o < filters; o++) {
      const c0 = Math.floor(o / opg) * cpg;
      const yBase = (n * filters + o) * outPlane;
      if (db) {
        let s = 0;
        for (let p = 0; p < outPlane; p++) s += dy[yBase + p];
        db[o] += s;
      }
      for (let c = 0; c < cpg; c++) {
        const xBase = (n * channels + c0 + c) * inPlane;
        const wBase = (o * cpg + c) * kh * kw;
        for (let a = 0; a < kh; a++) {
          for (let e = 0; e < kw; e++) {
            const wv = w[wBase + a * kw + e];
            let s = 0;
            for (let i = 0; i < outH; i++) {
              const r = i * sh - padTop + a * dh;
              if (r < 0 || r >= inH) continue;
              for (let j = 0; j < outW; j++) {
                const q = j * sw - padLeft + e * dw;
                if (q < 0 || q >= inW) continue;
                const d = dy[yBase + i * outW + j];
                s += d * x[xBase + r * inW + q];
                if (dx) dx[xBase + r * inW + q] += d * wv;
              }
            }
            dW[wBase + a * kw + e] += s;
          }
        }
      }
    }
  }
}
