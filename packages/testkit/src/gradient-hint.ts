/**
 * Says what kind of mistake makes an accumulated learnable gradient `actual` differ from `expected`, so the message
 * fits the failure: an overwrite of `ctx.grads` instead of `+=` (the accumulator started at `prefill`), nothing
 * added, a flipped sign, a constant scale, or none of these (then usually the wrong elements were summed).
 */
export function learnableGradientHint(
  name: string,
  actual: number,
  expected: number,
  prefill: number,
  close: (a: number, b: number) => boolean,
): string {
  if (prefill !== 0 && close(actual + prefill, expected)) {
    return `backward overwrote ctx.grads.${name} instead of adding to it: use +=, the accumulator may already hold a gradient`;
  }
  if (actual === 0 && expected !== 0) return `backward added nothing to ctx.grads.${name} for this channel`;
  if (expected === 0) return `backward added ${actual} where the gradient is 0: an element contributes that should not`;
  if (close(actual, -expected)) return 'the sign is flipped (the partial is negated)';
  const ratio = actual / expected;
  const scale = Math.abs(ratio);
  const nice = scale >= 1 ? Math.round(scale) : 1 / Math.round(1 / scale);
  const factor = close(scale, nice) ? (scale >= 1 ? `${Math.round(scale)}` : `1/${Math.round(1 / scale)}`) : scale.toPrecision(4);
  return `${ratio < 0 ? 'the sign is flipped and it is' : 'it is'} ${factor}× the expected value: a scale error (a missing or extra factor), or the wrong elements summed into this channel`;
}
