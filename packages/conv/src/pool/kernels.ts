import type { WindowGeometry } from '../geometry';

/**
 * Max pooling, NCHW, padding as −∞. Writes the flat input index of each output's maximum into `argmax`: the FIRST
 * maximal element in row-major window order, which is where PyTorch sends the gradient on ties.
 */
export function maxPoolForward(g: WindowGeometry, rows: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
  if (kh === 2 && kw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && padTop === 0 && padLeft === 0) {
    maxPool2x2(rows * channels, inH, inW, outH, outW, x, y, argmax);
  } else {
    maxPoolAnyWindow(g, rows, x, y, argmax);
  }
}

/** {@link maxPoolForward} for any window, stride, dilation and padding. */
export function maxPoolAnyWindow(g: WindowGeometry, rows: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
  const planes = rows * channels;
  for (let p = 0; p < planes; p++) {
    const xBase = p * inH * inW;
    const yBase = p * outH * outW;
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        // A NaN ends the whole window (labelled break): it wins, as in PyTorch.
        window: for (let a = 0; a < kh; a++) {
          const r = i * sh - padTop + a * dh;
          if (r < 0 || r >= inH) continue;
          for (let e = 0; e < kw; e++) {
            const q = j * sw - padLeft + e * dw;
            if (q < 0 || q >= inW) continue;
            const v = x[xBase + r * inW + q];
            // `!(v <= best)` also takes a NaN, which then propagates as in PyTorch.
            if (at < 0 || !(v <= best)) {
              best = v;
              at = xBase + r * inW + q;
              if (Number.isNaN(v)) break window;
            }
          }
        }
        y[yBase + i * outW + j] = best;
        argmax[yBase + i * outW + j] = at;
      }
    }
  }
}

/**
 * {@link maxPoolForward} for the common 2×2 window with stride 2 and no padding (LeNet's): the same choices (the
 * first maximum in row-major order, a NaN stops the search and wins) with the window's four reads unrolled.
 */
function maxPool2x2(
  planes: number,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  x: Float32Array,
  y: Float32Array,
  argmax: Int32Array,
): void {
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const xBase = p * inH * inW;
    for (let i = 0; i < outH; i++) {
      let top = xBase + 2 * i * inW;
      for (let j = 0; j < outW; j++, top += 2, o++) {
        const bottom = top + inW;
        let best = x[top];
        let at = top;
        // `best === best` is false once a NaN is taken; `!(v <= best)` takes a NaN.
        if (best === best) {
          const v1 = x[top + 1];
          if (!(v1 <= best)) {
            best = v1;
            at = top + 1;
          }
          const v2 = x[bottom];
          if (best === best && !(v2 <= best)) {
            best = v2;
            at = bottom;
          }
          const v3 = x[bottom + 1];
          if (best === best && !(v3 <= best)) {
            best = v3;
            at = bottom + 1;
          }
        }
        y[o] = best;
        argmax[o] = at;
      }
    }
  }
}

/** Writes dLoss/dx of max pooling: each output's gradient goes to its recorded maximum. */
export function maxPoolBackward(size: number, outSize: number, dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  dx.fill(0, 0, size);
  for (let k = 0; k < outSize; k++) dx[argmax[k]] += dy[k];
}

/** Average pooling, NCHW, zeros as padding counted in the divisor (PyTorch's `count_include_pad=True`). */
export function avgPoolForward(g: WindowGeometry, rows: number, x: Float32Array, y: Float32Array): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, padTop, padLeft } = g;
  const scale = 1 / (kh * kw);
  const planes = rows * channels;
  for (let p = 0; p < planes; p++) {
    const xBase = p * inH * inW;
    const yBase = p * outH * outW;
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        let s = 0;
        for (let a = 0; a < kh; a++) {
          const r = i * sh - padTop + a;
          if (r < 0 || r >= inH) continue;
          for (let e = 0; e < kw; e++) {
            const q = j * sw - padLeft + e;
            if (q >= 0 && q < inW) s += x[xBase + r * inW + q];
          }
        }
        y[yBase + i * outW + j] = s * scale;
      }
    }
  }
}

/** Writes dLoss/dx of {@link avgPoolForward}. */
export function avgPoolBackward(g: WindowGeometry, rows: number, dy: Float32Array, dx: Float32Array): void {
  const { channels, inH, inW, outH, outW, kh, kw, sh, sw, padTop, padLeft } = g;
  const scale = 1 / (kh * kw);
  const planes = rows * channels;
  dx.fill(0, 0, planes * inH * inW);
  for (let p = 0; p < planes; p++) {
    const xBase = p * inH * inW;
    const yBase = p * outH * outW;
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const d = dy[yBase + i * outW + j] * scale;
        for (let a = 0; a < kh; a++) {
          const r = i * sh - padTop + a;
          if (r < 0 || r >= inH) continue;
          for (let e = 0; e < kw; e++) {
            const q = j * sw - padLeft + e;
            if (q >= 0 && q < inW) dx[xBase + r * inW + q] += d;
          }
        }
      }
    }
  }
}
