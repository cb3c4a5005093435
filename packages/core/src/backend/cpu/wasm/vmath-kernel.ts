import { decodeBase64 } from './base64';
import { hasWasmSimd } from './simd-support';
import { VMATH_WASM_BASE64 } from './vmath-wasm.generated';
import { type WasmMemory, wasmApi } from './wasm-api';

/** A unary export: reads n floats at byte offset x, writes n floats at byte offset y. */
type Unary = (x: number, y: number, n: number) => void;

/** A binary export: reads n floats at byte offsets a and b, writes n floats at byte offset out. */
type Binary = (a: number, b: number, out: number, n: number) => void;

interface VmathExports {
  readonly memory: WasmMemory;
  readonly exp: Unary;
  readonly expm1: Unary;
  readonly sigmoid: Unary;
  readonly tanh: Unary;
  elu(x: number, y: number, n: number, alpha: number): void;
  eluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
  readonly sigmoidGrad: Binary;
  readonly tanhGrad: Binary;
}

/** The unary functions of the module, by export name. */
export type VmathUnary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

/** The two-input functions of the module (forward output and upstream gradient in, gradient out), by export name. */
export type VmathBinary = 'sigmoidGrad' | 'tanhGrad';

const PAGE_BYTES = 65536;

/**
 * Longest slice handed to the module per call: the scratch memory stays at 2 × 1 MiB (it never shrinks) instead of
 * growing to twice the largest array, and the copies stay cache-resident. Longer arrays run slice by slice, which
 * costs one small view object per input per slice (nothing for arrays up to this length).
 */
export const VMATH_CHUNK = 1 << 18;

/** Every export of the module, by name. */
type VmathOp = VmathUnary | VmathBinary | 'elu' | 'eluGrad';

/**
 * The WebAssembly SIMD element-wise math module (scripts/vmath-wat.mjs) and the scratch memory it owns. Inputs are
 * copied in and results out with `TypedArray.set` (a memcpy, ~0.1 ns per element against ~3 for the math), so
 * callers keep their own Float32Arrays and nobody outside this class holds a view of wasm memory.
 *
 * Layout per slice: region A (x, or y for the gradients from the output) at byte 0, region B (the output, or dy
 * overwritten by dx) right after, each padded to a multiple of 16 floats because the module works in groups of 8
 * (reads and writes past the slice stay inside the padded regions and are never copied out).
 */
export class WasmVmath {
  private readonly ex: VmathExports;
  private heap: Float32Array;
  // One-entry caches of the views used per slice, so that steady-state calls on arrays up to VMATH_CHUNK long
  // allocate nothing.
  private outOff = -1;
  private outLen = -1;
  private outView: Float32Array;
  private readonly inArr: (Float32Array | null)[] = [null, null];
  private readonly inStart = [-1, -1];
  private readonly inLen = [-1, -1];
  private readonly inView: (Float32Array | null)[] = [null, null];

  private constructor(ex: VmathExports) {
    this.ex = ex;
    this.heap = new Float32Array(ex.memory.buffer);
    this.outView = this.heap;
  }

  /** Compiles the module synchronously (~6 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath | null {
    const api = wasmApi();
    if (!api || !hasWasmSimd()) return null;
    try {
      const module = new api.Module(decodeBase64(VMATH_WASM_BASE64));
      const instance = new api.Instance(module, {});
      return new WasmVmath(instance.exports as unknown as VmathExports);
    } catch {
      return null;
    }
  }

  /** y[i] = f(x[i]) for i in [0, length). */
  unary(fn: VmathUnary, x: Float32Array, y: Float32Array, length: number): void {
    this.run(fn, x, null, y, length, 0);
  }

  /** ELU forward: y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i]). */
  elu(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
    this.run('elu', x, null, y, length, alpha);
  }

  /** ELU backward: dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i]. */
  eluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
    this.run('eluGrad', x, dy, dx, length, alpha);
  }

  /** out[i] = f(a[i], b[i]) for i in [0, length); `out` may alias either input. */
  binary(fn: VmathBinary, a: Float32Array, b: Float32Array, out: Float32Array, length: number): void {
    this.run(fn, a, b, out, length, 0);
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  private run(op: VmathOp, a: Float32Array, b: Float32Array | null, out: Float32Array, length: number, k: number): void {
    const ex = this.ex;
    for (let start = 0; start < length; start += VMATH_CHUNK) {
      const n = Math.min(VMATH_CHUNK, length - start);
      const p = pad(n);
      this.ensure(2 * p);
      const heap = this.heap;
      heap.set(this.input(0, a, start, n), 0);
      if (b) heap.set(this.input(1, b, start, n), p);
      const B = p * 4;
      switch (op) {
        case 'exp':
          ex.exp(0, B, n);
          break;
        case 'expm1':
          ex.expm1(0, B, n);
          break;
        case 'sigmoid':
          ex.sigmoid(0, B, n);
          break;
        case 'tanh':
          ex.tanh(0, B, n);
          break;
        case 'elu':
          ex.elu(0, B, n, k);
          break;
        case 'eluGrad':
          ex.eluGrad(0, B, B, n, k);
          break;
        case 'sigmoidGrad':
          ex.sigmoidGrad(0, B, B, n);
          break;
        case 'tanhGrad':
          ex.tanhGrad(0, B, B, n);
          break;
      }
      out.set(this.output(p, n), start);
    }
  }

  private ensure(floats: number): void {
    const have = this.ex.memory.buffer.byteLength;
    const need = floats * 4;
    if (need > have) {
      this.ex.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
      this.heap = new Float32Array(this.ex.memory.buffer);
      this.outOff = -1;
    }
  }

  /** `a` itself when the slice is all of it, else a cached `a.subarray(start, start + n)`. */
  private input(slot: number, a: Float32Array, start: number, n: number): Float32Array {
    if (start === 0 && a.length === n) return a;
    if (this.inArr[slot] !== a || this.inStart[slot] !== start || this.inLen[slot] !== n) {
      this.inArr[slot] = a;
      this.inStart[slot] = start;
      this.inLen[slot] = n;
      this.inView[slot] = a.subarray(start, start + n);
    }
    return this.inView[slot] as Float32Array;
  }

  private output(off: number, length: number): Float32Array {
    if (this.outOff !== off || this.outLen !== length) {
      this.outOff = off;
      this.outLen = length;
      this.outView = this.heap.subarray(off, off + length);
    }
    return this.outView;
  }
}

/** Must match PAD_FLOATS in scripts/vmath-wat.mjs: the module works in groups of 4·BLOCKS floats. */
const PAD_FLOATS = 16;

function pad(n: number): number {
  return (n + PAD_FLOATS - 1) & -PAD_FLOATS;
}
