// gpu.js kernel sources for the conv layers. Activations are 2-D `[batch][channels · height · width]` (gpu.js
// output `[cols, batch]`: this.thread.y is the sample, this.thread.x the NCHW column); kernels and biases are 1-D.
// Geometry arrives as constants by name: C, H, W (input), F, OH, OW (output), KH, KW, SH, SW, DH, DW, PT, PL
// (zeros before), CG = C / groups, FG = F / groups, batch. Strings, so no bundler rewrites them. Integer arithmetic
// stays in float32's exact range (sizes are far below 2^24).

const CONV_SUM = `
  const plane = this.constants.OH * this.constants.OW;
  const f = Math.floor(this.thread.x / plane);
  const rest = this.thread.x - f * plane;
  const oh = Math.floor(rest / this.constants.OW);
  const ow = rest - oh * this.constants.OW;
  const c0 = Math.floor(f / this.constants.FG) * this.constants.CG;
  let s = 0;
  for (let c = 0; c < this.constants.CG; c++) {
    for (let i = 0; i < this.constants.KH; i++) {
      const ih = oh * this.constants.SH - this.constants.PT + i * this.constants.DH;
      for (let j = 0; j < this.constants.KW; j++) {
        const iw = ow * this.constants.SW - this.constants.PL + j * this.constants.DW;
        if (ih >= 0 && ih < this.constants.H && iw >= 0 && iw < this.constants.W) {
          s += x[this.thread.y][((c0 + c) * this.constants.H + ih) * this.constants.W + iw] *
            kernel[((f * this.constants.CG + c) * this.constants.KH + i) * this.constants.KW + j];
        }
      }
    }
  }`;

/** Cross-correlation plus bias; output `[F · OH · OW, batch]`. */
export const CONV_FORWARD_BIAS = `function (x, kernel, bias) {${CONV_SUM}
  return s + bias[f];
}`;

/** Cross-correlation without bias. */
export const CONV_FORWARD = `function (x, kernel) {${CONV_SUM}
  return s;
}`;

/**
 * dLoss/dx: each input element gathers the outputs whose window tap lands on it (a tap lands when the offset is a
 * whole number of strides); output `[C · H · W, batch]`.
 */
export const CONV_GRAD_INPUT = `function (dy, kernel) {
  const plane = this.constants.H * this.constants.W;
  const c = Math.floor(this.thread.x / plane);
  const rest = this.thread.x - c * plane;
  const ih = Math.floor(rest / this.constants.W);
  const iw = rest - ih * this.constants.W;
  const g = Math.floor(c / this.constants.CG);
  const cl = c - g * this.constants.CG;
  let s = 0;
  for (let fl = 0; fl < this.constants.FG; fl++) {
    const f = g * this.constants.FG + fl;
    for (let i = 0; i < this.constants.KH; i++) {
      const th = ih + this.constants.PT - i * this.constants.DH;
      const oh = Math.floor(th / this.constants.SH);
      if (th >= 0 && oh * this.constants.SH === th && oh < this.constants.OH) {
        for (let j = 0; j < this.constants.KW; j++) {
          const tw = iw + this.constants.PL - j * this.constants.DW;
          const ow = Math.floor(tw / this.constants.SW);
          if (tw >= 0 && ow * this.constants.SW === tw && ow < this.constants.OW) {
            s += dy[this.thread.y][(f * this.constants.OH + oh) * this.constants.OW + ow] *
              kernel[((f * this.constants.CG + cl) * this.constants.KH + i) * this.constants.KW + j];
          }
        }
      }
    }
  }
  return s;
}`;

/** dLoss/dkernel, summed over the batch and every output position; output `[F · CG · KH · KW]`. */
export const CONV_GRAD_KERNEL = `function (x, dy) {
  const taps = this.constants.KH * this.constants.KW;
  const f = Math.floor(this.thread.x / (this.constants.CG * taps));
  const rest = this.thread.x - f * this.constants.CG * taps;
  const cl = Math.floor(rest / taps);
  const tap = rest - cl * taps;
  const i = Math.floor(tap / this.constants.KW);
  const j = tap - i * this.constants.KW;
  const c = Math.floor(f / this.constants.FG) * this.constants.CG + cl;
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    for (let oh = 0; oh < this.constants.OH; oh++) {
      const ih = oh * this.constants.SH - this.constants.PT + i * this.constants.DH;
      if (ih >= 0 && ih < this.constants.H) {
        for (let ow = 0; ow < this.constants.OW; ow++) {
          const iw = ow * this.constants.SW - this.constants.PL + j * this.constants.DW;
          if (iw >= 0 && iw < this.constants.W) {
            s += dy[n][(f * this.constants.OH + oh) * this.constants.OW + ow] *
              x[n][(c * this.constants.H + ih) * this.constants.W + iw];
          }
        }
      }
    }
  }
  return s;
}`;

/** dLoss/dbias: the sum of each filter's output gradient; output `[F]`. */
export const CONV_GRAD_BIAS = `function (dy) {
  const plane = this.constants.OH * this.constants.OW;
  let s = 0;
  for (let n = 0; n < this.constants.batch; n++) {
    for (let k = 0; k < plane; k++) { s += dy[n][this.thread.x * plane + k]; }
  }
  return s;
}`;

const POOL_POSITION = `
  const plane = this.constants.OH * this.constants.OW;
  const c = Math.floor(this.thread.x / plane);
  const rest = this.thread.x - c * plane;
  const oh = Math.floor(rest / this.constants.OW);
  const ow = rest - oh * this.constants.OW;
  const base = c * this.constants.H * this.constants.W;`;

/**
 * Max pooling's argmax: the in-plane index `ih · W + iw` of the FIRST maximal element in row-major window order
 * (where PyTorch sends the gradient on ties); padding is −∞, so it is never chosen. Output `[C · OH · OW, batch]`.
 */
export const MAX_POOL_ARGMAX = `function (x) {${POOL_POSITION}
  let best = 0;
  let at = -1;
  for (let i = 0; i < this.constants.KH; i++) {
    const ih = oh * this.constants.SH - this.constants.PT + i;
    for (let j = 0; j < this.constants.KW; j++) {
      const iw = ow * this.constants.SW - this.constants.PL + j;
      if (ih >= 0 && ih < this.constants.H && iw >= 0 && iw < this.constants.W) {
        const v = x[this.thread.y][base + ih * this.constants.W + iw];
        if (at < 0 || v > best) {
          best = v;
          at = ih * this.constants.W + iw;
        }
      }
    }
  }
  return at;
}`;

/** Max pooling's value: the input at the argmax; output `[C · OH · OW, batch]`. */
export const MAX_POOL_GATHER = `function (x, argmax) {
  const plane = this.constants.OH * this.constants.OW;
  const c = Math.floor(this.thread.x / plane);
  return x[this.thread.y][c * this.constants.H * this.constants.W + argmax[this.thread.y][this.thread.x]];
}`;

/** Average pooling, zeros counted in the divisor (PyTorch's `count_include_pad=True`); output `[C · OH · OW, batch]`. */
export const AVG_POOL_FORWARD = `function (x) {${POOL_POSITION}
  let s = 0;
  for (let i = 0; i < this.constants.KH; i++) {
    const ih = oh * this.constants.SH - this.constants.PT + i;
    for (let j = 0; j < this.constants.KW; j++) {
      const iw = ow * this.constants.SW - this.constants.PL + j;
      if (ih >= 0 && ih < this.constants.H && iw >= 0 && iw < this.constants.W) {
        s += x[this.thread.y][base + ih * this.constants.W + iw];
      }
    }
  }
  return s / (this.constants.KH * this.constants.KW);
}`;

/**
 * A pooling gradient as a gather: each input element visits the windows covering it (those whose offset from it is
 * a whole number of strides) and adds `term` (an expression of `o`, the window's output column, and `at`, the
 * element's in-plane index); output `[C · H · W, batch]`.
 */
function poolGather(params: string, term: string, result: string): string {
  return `function (${params}) {
  const plane = this.constants.H * this.constants.W;
  const c = Math.floor(this.thread.x / plane);
  const at = this.thread.x - c * plane;
  const ih = Math.floor(at / this.constants.W);
  const iw = at - ih * this.constants.W;
  let s = 0;
  for (let i = 0; i < this.constants.KH; i++) {
    const th = ih + this.constants.PT - i;
    const oh = Math.floor(th / this.constants.SH);
    if (th >= 0 && oh * this.constants.SH === th && oh < this.constants.OH) {
      for (let j = 0; j < this.constants.KW; j++) {
        const tw = iw + this.constants.PL - j;
        const ow = Math.floor(tw / this.constants.SW);
        if (tw >= 0 && ow * this.constants.SW === tw && ow < this.constants.OW) {
          const o = (c * this.constants.OH + oh) * this.constants.OW + ow;
          ${term}
        }
      }
    }
  }
  return ${result};
}`;
}

/** Max pooling's dLoss/dx: each input element gathers the gradients of the windows whose argmax it is. */
export const MAX_POOL_GRAD_INPUT = poolGather(
  'dy, argmax',
  'if (argmax[this.thread.y][o] === at) { s += dy[this.thread.y][o]; }',
  's',
);

/** Average pooling's dLoss/dx: each input element gathers 1/(KH·KW) of every window covering it. */
export const AVG_POOL_GRAD_INPUT = poolGather('dy', 's += dy[this.thread.y][o];', 's / (this.constants.KH * this.constants.KW)');

/** Global average pooling: each channel's mean; output `[C, batch]`. */
export const GLOBAL_AVG_POOL_FORWARD = `function (x) {
  const plane = this.constants.H * this.constants.W;
  let s = 0;
  for (let k = 0; k < plane; k++) { s += x[this.thread.y][this.thread.x * plane + k]; }
  return s / plane;
}`;

/** Global average pooling's dLoss/dx: the channel's gradient spread evenly; output `[C · H · W, batch]`. */
export const GLOBAL_AVG_POOL_GRAD_INPUT = `function (dy) {
  const plane = this.constants.H * this.constants.W;
  return dy[this.thread.y][Math.floor(this.thread.x / plane)] / plane;
}`;
