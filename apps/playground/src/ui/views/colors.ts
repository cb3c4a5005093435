/** Colour of a value in [-1, 1]: orange for negative, white at 0, blue for positive (TensorFlow Playground's scheme). */
export function divergingRgb(v: number, out: Uint8ClampedArray, o: number): void {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? [8, 119, 189] : [245, 147, 34];
  const a = Math.abs(t);
  out[o] = Math.round(255 + (r - 255) * a);
  out[o + 1] = Math.round(255 + (g - 255) * a);
  out[o + 2] = Math.round(255 + (b - 255) * a);
  out[o + 3] = 255;
}

/** Blue for the positive class, orange for the negative one. */
export const classColors = ['#f59322', '#0877bd'] as const;
