import { deflateRawSync, inflateRawSync, constants as z } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from './inflate';
import { lcg } from './kernel-test-support';
import { moduleBytes } from './module-bytes';
import { GEMM_FMA_WASM } from './gemm-fma-wasm.generated';
import { GEMM_WASM } from './gemm-wasm.generated';
import { OPTIM_WASM } from './optim-wasm.generated';
import { RECTIFIER_WASM } from './rectifier-wasm.generated';
import { VMATH_WASM } from './vmath-wasm.generated';
import { VMATH32_SWISH_WASM } from './vmath32-swish-wasm.generated';
import { VMATH32_WASM } from './vmath32-wasm.generated';

/** Bytes of varied compressibility: random, runs, repeated phrases with mutations, text. */
function samples(): Uint8Array[] {
  const r = lcg(11);
  const random = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  const runs = (n: number) => Uint8Array.from({ length: n }, (_, i) => (Math.floor(i / 37) * 7) & 255);
  const phrases = (n: number) => {
    const base = random(61);
    return Uint8Array.from({ length: n }, (_, i) => (r() < 0.02 ? Math.floor(r() * 256) : base[i % 61]!));
  };
  const text = new TextEncoder().encode('the quick brown fox jumps over the lazy dog; '.repeat(700));
  return [
    new Uint8Array(0),
    Uint8Array.of(7),
    random(1),
    random(300),
    random(70_000),
    runs(5),
    runs(100_000),
    phrases(3000),
    phrases(90_000),
    text,
  ];
}

// zlib (the reference implementation of RFC 1951) makes every kind of block: stored (level 0, and incompressible
// data), fixed Huffman (Z_FIXED), dynamic Huffman (the default), Huffman-only and run-length strategies.
const SETTINGS = [
  { level: 0 },
  { level: 1 },
  { level: 9 },
  { level: 9, strategy: z.Z_FIXED },
  { level: 6, strategy: z.Z_HUFFMAN_ONLY },
  { level: 6, strategy: z.Z_RLE },
  { level: 9, memLevel: 1, windowBits: 9 },
];

describe('inflateRaw', () => {
  it("inflates zlib's raw DEFLATE streams of every block type back to the bytes, exactly", () => {
    for (const data of samples()) {
      for (const settings of SETTINGS) {
        const out = inflateRaw(deflateRawSync(data, settings));
        expect(Buffer.compare(Buffer.from(out), Buffer.from(data)), JSON.stringify({ n: data.length, settings })).toBe(0);
      }
    }
  });

  // That the streams hold the assembled modules is checked by build-wasm --check (matmul.test.ts), with zlib.
  it('inflates every generated kernel module to the bytes zlib inflates it to, a WebAssembly module', () => {
    for (const packed of [GEMM_WASM, GEMM_FMA_WASM, OPTIM_WASM, RECTIFIER_WASM, VMATH_WASM, VMATH32_WASM, VMATH32_SWISH_WASM]) {
      const bytes = moduleBytes(packed);
      expect(Buffer.compare(Buffer.from(bytes), inflateRawSync(Buffer.from(packed, 'base64')))).toBe(0);
      expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]); // "\0asm", version 1
    }
  });

  it('rejects malformed streams with a message instead of returning garbage', () => {
    const good = deflateRawSync(new TextEncoder().encode('abcabcabcabcabc'.repeat(50)), { level: 9 });
    expect(() => inflateRaw(good.subarray(0, good.length - 3))).toThrow(/inflate: stream ends early/);
    expect(() => inflateRaw(Uint8Array.of(0b111))).toThrow(/invalid block type 3/);
    // A stored block whose length does not match its one's complement.
    expect(() => inflateRaw(Uint8Array.of(1, 5, 0, 0, 0, 1, 2, 3, 4, 5))).toThrow(/complement/);
    // A fixed block whose first symbol is a match (length 3, distance 1) with no output before it.
    const bits = [1, 1, 0, /* length symbol 257: 0000001 */ 0, 0, 0, 0, 0, 0, 1, /* distance 0: 00000 */ 0, 0, 0, 0, 0];
    const bytes = new Uint8Array(3);
    bits.forEach((b, i) => {
      bytes[i >> 3]! |= b << (i & 7);
    });
    expect(() => inflateRaw(bytes)).toThrow(/distance reaches before the start/);
  });
});
