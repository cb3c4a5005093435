/**
 * Short decimal text that reads back (through a float64 JSON parse and a float32 store) as exactly the float32
 * value `v`; `-0` keeps its sign. `v` must be finite and a float32 value. Nine significant digits always suffice;
 * eight are tried first (trailing zeros drop out, so 0.1f is written `0.1`), which makes the text within a few
 * percent of the shortest possible at a third of the cost of searching every length.
 */
export function float32ToText(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const eight = Number(v.toPrecision(8));
  if (Math.fround(eight) === v) return String(eight);
  return String(Number(v.toPrecision(9)));
}
