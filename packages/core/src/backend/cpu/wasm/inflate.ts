/**
 * A raw DEFLATE (RFC 1951) decoder: the kernel modules ship deflate-compressed (about a quarter of their size as
 * base64), and the platform's `DecompressionStream` is asynchronous while kernels compile synchronously on first use.
 * Canonical-Huffman decoding one bit at a time (as zlib's `puff`): small, and fast enough for a few tens of KB once
 * per process. Throws on a malformed stream.
 */

const MAX_BITS = 15;
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
  16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code lengths of the code-length alphabet. */
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes have each length, and the symbols in code order. */
interface Huffman {
  readonly counts: Uint16Array;
  readonly symbols: Uint16Array;
}

/** A block's literal/length and distance codes. */
interface Codes {
  readonly lit: Huffman;
  readonly dist: Huffman;
}

function fail(what: string): never {
  throw new Error(`inflate: ${what}`);
}

/** Builds the code of `lengths` (0: symbol unused); an over-subscribed set of lengths is malformed. */
function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - counts[len];
    if (left < 0) fail('over-subscribed Huffman code');
  }
  const offsets = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offsets[len + 1] = offsets[len] + counts[len];
  const symbols = new Uint16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s] !== 0) symbols[offsets[lengths[s]]++] = s;
  return { counts, symbols };
}

/** Reads the stream bit by bit (least significant bit of each byte first) and writes a growing output. */
class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;
  out: Uint8Array;
  length = 0;

  constructor(private readonly input: Uint8Array) {
    this.out = new Uint8Array(Math.max(1024, input.length * 4));
  }

  bits(n: number): number {
    let buf = this.bitBuf;
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) fail('stream ends early');
      buf |= this.input[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = buf >>> n;
    this.bitCount -= n;
    return buf & ((1 << n) - 1);
  }

  /** One symbol of `h`: the code's bits arrive most significant first. */
  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.counts[len];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return fail('invalid Huffman code');
  }

  private reserve(n: number): void {
    if (this.length + n <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.length + n));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }

  stored(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
    const p = this.pos;
    if (p + 4 > this.input.length) fail('stream ends early');
    const len = this.input[p] | (this.input[p + 1] << 8);
    const nlen = this.input[p + 2] | (this.input[p + 3] << 8);
    if (len !== (~nlen & 0xffff)) fail('stored block length does not match its complement');
    if (p + 4 + len > this.input.length) fail('stream ends early');
    this.reserve(len);
    this.out.set(this.input.subarray(p + 4, p + 4 + len), this.length);
    this.length += len;
    this.pos = p + 4 + len;
  }

  codes({ lit, dist }: Codes): void {
    for (;;) {
      const sym = this.decode(lit);
      if (sym < 256) {
        this.reserve(1);
        this.out[this.length++] = sym;
        continue;
      }
      if (sym === 256) return;
      const li = sym - 257;
      if (li >= LENGTH_BASE.length) fail('invalid length symbol');
      const len = LENGTH_BASE[li] + this.bits(LENGTH_EXTRA[li]);
      const di = this.decode(dist);
      if (di >= DIST_BASE.length) fail('invalid distance symbol');
      const d = DIST_BASE[di] + this.bits(DIST_EXTRA[di]);
      if (d > this.length) fail('distance reaches before the start of the output');
      this.reserve(len);
      const out = this.out;
      // Byte by byte: a match may overlap the bytes it produces (a run).
      for (let i = 0; i < len; i++, this.length++) out[this.length] = out[this.length - d];
    }
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) fail('too many length or distance codes');
    const clens = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) clens[CLEN_ORDER[i]] = this.bits(3);
    const clen = huffman(clens);
    const lengths = new Uint8Array(nlen + ndist);
    for (let i = 0; i < nlen + ndist; ) {
      const sym = this.decode(clen);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) fail('repeat with no previous length');
        value = lengths[i - 1];
        repeat = 3 + this.bits(2);
      } else repeat = sym === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      if (i + repeat > nlen + ndist) fail('code lengths overrun');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) fail('no end-of-block code');
    this.codes({ lit: huffman(lengths.subarray(0, nlen)), dist: huffman(lengths.subarray(nlen)) });
  }
}

let fixed: Codes | undefined;

/** The fixed codes of block type 1. */
function fixedCodes(): Codes {
  if (!fixed) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144);
    lit.fill(9, 144, 256);
    lit.fill(7, 256, 280);
    lit.fill(8, 280, 288);
    fixed = { lit: huffman(lit), dist: huffman(new Uint8Array(30).fill(5)) };
  }
  return fixed;
}

/** Decompresses a raw DEFLATE stream (no zlib or gzip header), as `zlib.inflateRawSync` does. */
export function inflateRaw(input: Uint8Array): Uint8Array {
  const s = new Inflater(input);
  let last = 0;
  while (!last) {
    last = s.bits(1);
    const type = s.bits(2);
    if (type === 0) s.stored();
    else if (type === 1) s.codes(fixedCodes());
    else if (type === 2) s.dynamic();
    else fail('invalid block type 3');
  }
  return s.out.slice(0, s.length);
}
