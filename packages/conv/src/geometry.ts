import { ShapeError, ValidationError } from '@rectify/core';

/** A pair `[height, width]`. */
export type Pair = readonly [number, number];

/** Padding: `'valid'` (none), `'same'` (output size = ceil(input / stride) with stride 1), or explicit `[top/bottom, left/right]`. */
export type Padding = 'valid' | 'same' | number | Pair;

/**
 * The resolved geometry of a 2-D sliding window over one NCHW sample: the input and output sizes and, per axis,
 * the window size, stride, dilation and the zeros added before (`padTop`, `padLeft`; the rest goes after, as in
 * PyTorch's `padding='same'` with an even window).
 */
export interface WindowGeometry {
  /** Input channels. */
  readonly channels: number;
  /** Input height. */
  readonly inH: number;
  /** Input width. */
  readonly inW: number;
  /** Output height. */
  readonly outH: number;
  /** Output width. */
  readonly outW: number;
  /** Window height. */
  readonly kh: number;
  /** Window width. */
  readonly kw: number;
  /** Vertical stride. */
  readonly sh: number;
  /** Horizontal stride. */
  readonly sw: number;
  /** Vertical dilation. */
  readonly dh: number;
  /** Horizontal dilation. */
  readonly dw: number;
  /** Zeros above the input. */
  readonly padTop: number;
  /** Zeros left of the input. */
  readonly padLeft: number;
}

/** A positive-integer pair from a number or a pair; throws a ValidationError naming the layer and field. */
export function toPair(layer: string, field: string, value: unknown, min = 1): Pair {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ValidationError(
      `${layer}: ${field} must be an integer ≥ ${min} or a pair [height, width] of them, got ${JSON.stringify(value)}`,
    );
  }
  return [pair[0], pair[1]];
}

/** Checks a padding setting; returns it normalised (`'valid'`, `'same'` or a pair). */
export function toPadding(layer: string, value: unknown): 'valid' | 'same' | Pair {
  if (value === 'valid' || value === 'same') return value;
  return toPair(layer, 'padding', value, 0);
}

/** The window of a layer over a per-sample input shape `[channels, height, width]`, or a ShapeError naming what does not fit. */
export function windowGeometry(
  layer: string,
  input: readonly number[],
  window: { kernel: Pair; strides: Pair; dilation: Pair; padding: 'valid' | 'same' | Pair },
): WindowGeometry {
  if (input.length !== 3 || !input.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ShapeError(
      `${layer}: input shape [${input.join(', ')}] is not supported; the layer takes [channels, height, width] per sample (NCHW batches); put a reshape before it or fix the model's inputShape`,
    );
  }
  const [channels, inH, inW] = input;
  const [kh, kw] = window.kernel;
  const [sh, sw] = window.strides;
  const [dh, dw] = window.dilation;
  const { padding } = window;
  if (padding === 'same' && (sh !== 1 || sw !== 1)) {
    throw new ValidationError(`${layer}: padding 'same' needs strides 1 (as in PyTorch); give explicit padding instead`);
  }
  const spanH = dh * (kh - 1) + 1;
  const spanW = dw * (kw - 1) + 1;
  let padTop = 0;
  let padLeft = 0;
  let padH = 0;
  let padW = 0;
  if (padding === 'same') {
    padH = spanH - 1;
    padW = spanW - 1;
    padTop = Math.floor(padH / 2);
    padLeft = Math.floor(padW / 2);
  } else if (padding !== 'valid') {
    [padTop, padLeft] = padding;
    padH = 2 * padTop;
    padW = 2 * padLeft;
  }
  const outH = Math.floor((inH + padH - spanH) / sh) + 1;
  const outW = Math.floor((inW + padW - spanW) / sw) + 1;
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      `${layer}: input [${input.join(', ')}] is too small for the window: ${kh}×${kw} (dilation ${dh}×${dw}) spans ${spanH}×${spanW} but the padded input is ${inH + padH}×${inW + padW}; use a smaller window, padding or a larger input`,
    );
  }
  return { channels, inH, inW, outH, outW, kh, kw, sh, sw, dh, dw, padTop, padLeft };
}

/** A conv2d's geometry plus its channel grouping. */
export interface ConvGeometry extends WindowGeometry {
  /** Output channels. */
  readonly filters: number;
  /** Channel groups (1: dense; `channels`: depthwise). */
  readonly groups: number;
}
