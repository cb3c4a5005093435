import type { LayerLinks } from '../../worker/protocol';

const fmt = (v: number): string => (v < 0 ? `−${(-v).toPrecision(3)}` : v.toPrecision(3));

/**
 * The weights into unit `unit` of a drawn column, in words: "weights in: x₁ 0.532, x₂ −1.20". `sources` names the
 * nodes of the column below (input names, or "unit 3"). A block of many inputs (MNIST's pixels) gives the norm of
 * the unit's weights instead. Null when the unit is not among the drawn ones.
 */
export function incomingWeights(link: LayerLinks, unit: number, sources: readonly string[]): string | null {
  if (unit >= link.to) return null;
  if (link.magnitude) return `‖w‖ of its ${sources[0] ?? 'inputs'}: ${fmt(link.w[unit])}`;
  const parts: string[] = [];
  for (let r = 0; r < link.from; r++) parts.push(`${sources[r] ?? `unit ${r + 1}`} ${fmt(link.w[r * link.to + unit])}`);
  return `weights in: ${parts.join(', ')}`;
}
