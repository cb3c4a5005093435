/** Colour of a value in [-1, 1]: orange for negative, white at 0, blue for positive (TensorFlow Playground's scheme). */
export function divergingRgb(v: number, out: Uint8ClampedArray, o: number): void {
  const t = Math.max(-1, Math.min(1, v));
  // Constants, not a tuple: this runs per pixel.
  const pos = t >= 0;
  const r = pos ? 8 : 245;
  const g = pos ? 119 : 147;
  const b = pos ? 189 : 34;
  const a = Math.abs(t);
  out[o] = Math.round(255 + (r - 255) * a);
  out[o + 1] = Math.round(255 + (g - 255) * a);
  out[o + 2] = Math.round(255 + (b - 255) * a);
  out[o + 3] = 255;
}

/** Blue for the positive class, orange for the negative one. */
export const classColors = ['#f59322', '#0877bd'] as const;
