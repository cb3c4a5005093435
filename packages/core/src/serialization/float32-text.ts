/**
 * The shortest decimal text that reads back (through a float64 JSON parse and a float32 store) as exactly the
 * float32 value `v`; `-0` keeps its sign. `v` must be finite and a float32 value.
 */
export function float32ToText(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // Round-tripping is monotone in the digit count, so binary search the shortest of 1..9 digits (9 always suffice).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(v.toPrecision(mid))) === v) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(v.toPrecision(lo)));
}
