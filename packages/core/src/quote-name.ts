/** Longest quoted name, in UTF-16 code units, before it is cut with `…`. */
const MAX_QUOTED = 80;

/**
 * Control characters, characters that mean something in HTML, quotes and backslashes, and the Unicode
 * bidirectional overrides (which can reorder how a message reads on screen).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>&"'`\\\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * Quotes a name taken from an untrusted file (an ONNX op type or node name, a plugin name) for an error message:
 * cut to `max` characters (marked with `…`), every control, HTML-special, quote, backslash or bidirectional
 * character written as a `\uXXXX` escape, and wrapped in double quotes. The result is safe to log and to show as
 * text, and stays short however long the name in the file is.
 * @example quoteName('Relu<script>') // '"Relu\\u003cscript\\u003e"'
 */
export function quoteName(name: string, max: number = MAX_QUOTED): string {
  return `"${escapeName(name, max)}"`;
}

/** {@link quoteName} without the surrounding quotes: cut to `max` characters and escaped. */
export function escapeName(name: string, max: number = MAX_QUOTED): string {
  const text = String(name);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
