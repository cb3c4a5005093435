import type { ConvGeometry } from '../geometry';

/** Rounds a byte offset up to a multiple of 16: every region of the convolution module's memory starts aligned. */
export const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * Writes the tap table at byte 0 of `memory`: row k = (c, a, e) of the im2col matrix starts at this byte offset of a
 * padded `hp`×`wp` image (what the module's `forward`, `im2col` and `col2im` read as `offs`).
 */
export function writeTapTable(memory: ArrayBufferLike, g: ConvGeometry, hp: number, wp: number): void {
  const cpg = g.channels / g.groups;
  const offs = new Int32Array(memory, 0, cpg * g.kh * g.kw);
  let k = 0;
  for (let c = 0; c < cpg; c++)
    for (let a = 0; a < g.kh; a++) for (let e = 0; e < g.kw; e++) offs[k++] = 4 * (c * hp * wp + a * g.dh * wp + e * g.dw);
}

/** Byte offsets of the forward pass's input regions for `rows` samples, after the tap table of `k` rows. */
export interface InputRegions {
  /** The weights, filters × k floats. */
  readonly w: number;
  /** The bias, one float per filter. */
  readonly bias: number;
  /** The samples as given (the same region as `xp` when no padding is needed). */
  readonly raw: number;
  /** The zero-padded images. */
  readonly xp: number;
  /** Bytes of the padded images, with the slack the wide rows' tail reads past the last one. */
  readonly xpBytes: number;
}

/** The input regions of the module's memory for `rows` samples (`padded`: the images need zero borders). */
export function inputRegions(g: ConvGeometry, k: number, rows: number, hp: number, wp: number, padded: boolean): InputRegions {
  const w = align16(k * 4);
  const bias = align16(w + g.filters * k * 4);
  const raw = align16(bias + g.filters * 4);
  const xp = padded ? align16(raw + rows * g.channels * g.inH * g.inW * 4) : raw;
  // Past the last image, the wide rows' tail reads up to a row and a panel further (into dropped columns).
  const xpBytes = (rows * g.channels * hp * wp + wp + 32) * 4;
  return { w, bias, raw, xp, xpBytes };
}
