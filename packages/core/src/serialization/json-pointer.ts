/** A JSON pointer (RFC 6901) for a list of keys and indices, e.g. `/weights/layers.0.kernel/data/3`. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return out;
}
