import { divergingRgb } from './colors';

/** Side of an MNIST weight image: the first dense layer's 784 inputs are 28 × 28 pixels. */
export const WEIGHT_IMAGE_SIDE = 28;

/** The largest |w| of `w[offset .. offset + n)`, or 0 when they are all zero. */
export function maxAbs(w: Float32Array, offset: number, n: number): number {
  let m = 0;
  for (let k = offset; k < offset + n; k++) {
    const a = Math.abs(w[k]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Colours one unit's incoming weights `w[offset .. offset + n)` into `out` (RGBA, 4 bytes per weight) with the
 * diverging map symmetric around 0: white at 0, blue for +scale, orange for −scale. `scale` defaults to the unit's
 * own largest |w| (per-unit scaling); an all-zero unit stays white. Returns the scale used.
 */
export function weightImageRgba(
  w: Float32Array,
  offset: number,
  n: number,
  out: Uint8ClampedArray,
  scale = maxAbs(w, offset, n),
): number {
  const inv = scale > 0 ? 1 / scale : 0;
  for (let k = 0; k < n; k++) divergingRgb(w[offset + k] * inv, out, 4 * k);
  return scale;
}

/** One bar of a per-class chart, in canvas pixels (y grows downwards). */
export interface Bar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The value drawn: its sign picks the colour. */
  readonly value: number;
}

/**
 * Bars of `values` in a `width × height` box, scaled so the largest |value| fills the room on its side of the
 * baseline: the baseline is the bottom edge when no value is negative, else the middle. Each bar gets
 * `width / values.length` pixels with one pixel of gap. A value that is not finite (a class with no rows) gets no bar.
 */
export function classBars(values: ArrayLike<number>, width: number, height: number): Bar[] {
  let m = 0;
  let negative = false;
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) continue;
    m = Math.max(m, Math.abs(values[k]));
    if (values[k] < 0) negative = true;
  }
  const base = barBaseline(values, height);
  const room = negative ? height / 2 : height;
  const step = width / values.length;
  const bars: Bar[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = Number.isFinite(values[k]) ? values[k] : 0;
    const h = m > 0 ? (Math.abs(v) / m) * room : 0;
    bars.push({ x: k * step, y: v >= 0 ? base - h : base, width: Math.max(1, step - 1), height: h, value: v });
  }
  return bars;
}

/** The y of the bars' baseline in a box `height` tall: the middle when a value is negative, else the bottom edge. */
export function barBaseline(values: ArrayLike<number>, height: number): number {
  for (let k = 0; k < values.length; k++) if (values[k] < 0) return height / 2;
  return height;
}
