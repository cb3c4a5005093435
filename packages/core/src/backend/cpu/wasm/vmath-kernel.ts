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
 * The WebAssembly SIMD element-wise math module (scripts/vmath-wat.mjs) and the scratch memory it owns. Inputs are
 * copied in and results out with `TypedArray.set` (a memcpy, ~0.1 ns per element against several for the math), so
 * callers keep their own Float32Arrays and nobody outside this class holds a view of wasm memory.
 *
 * Layout per call: region A (x) at byte 0, region B (y, or dy overwritten by dx) right after, each padded to a
 * multiple of 16 floats because the module works in groups of 8 (reads and writes past `length` stay inside the
 * padded regions and are never copied out).
 */
export class WasmVmath {
  private readonly ex: VmathExports;
  private heap: Float32Array;
  // One-entry caches of the views used per call, so that steady-state calls allocate nothing.
  private outOff = -1;
  private outLen = -1;
  private outView: Float32Array;
  private readonly inArr: (Float32Array | null)[] = [null, null];
  private readonly inLen = [-1, -1];
  private readonly inView: (Float32Array | null)[] = [null, null];

  private constructor(ex: VmathExports) {
    this.ex = ex;
    this.heap = new Float32Array(ex.memory.buffer);
    this.outView = this.heap;
  }

  /** Compiles the module synchronously (~5 KB, under every browser's sync-compile limit), or null without SIMD. */
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
    const b = pad(length);
    this.ensure(2 * b);
    this.heap.set(this.input(0, x, length), 0);
    this.ex[fn](0, b * 4, length);
    y.set(this.output(b, length));
  }

  /** ELU forward: y[i] = x[i] > 0 ? x[i] : alpha·expm1(x[i]). */
  elu(x: Float32Array, y: Float32Array, length: number, alpha: number): void {
    const b = pad(length);
    this.ensure(2 * b);
    this.heap.set(this.input(0, x, length), 0);
    this.ex.elu(0, b * 4, length, alpha);
    y.set(this.output(b, length));
  }

  /** ELU backward: dx[i] = x[i] > 0 ? dy[i] : alpha·exp(x[i])·dy[i]. */
  eluGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, alpha: number): void {
    const b = pad(length);
    this.ensure(2 * b);
    const heap = this.heap;
    heap.set(this.input(0, x, length), 0);
    heap.set(this.input(1, dy, length), b);
    this.ex.eluGrad(0, b * 4, b * 4, length, alpha);
    dx.set(this.output(b, length));
  }

  /** out[i] = f(a[i], b[i]) for i in [0, length); `out` may alias either input. */
  binary(fn: VmathBinary, a: Float32Array, b: Float32Array, out: Float32Array, length: number): void {
    const p = pad(length);
    this.ensure(2 * p);
    const heap = this.heap;
    heap.set(this.input(0, a, length), 0);
    heap.set(this.input(1, b, length), p);
    this.ex[fn](0, p * 4, p * 4, length);
    out.set(this.output(p, length));
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
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

  /** `a` itself when it is exactly `length` long, else a cached `a.subarray(0, length)`. */
  private input(slot: number, a: Float32Array, length: number): Float32Array {
    if (a.length === length) return a;
    if (this.inArr[slot] !== a || this.inLen[slot] !== length) {
      this.inArr[slot] = a;
      this.inLen[slot] = length;
      this.inView[slot] = a.subarray(0, length);
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
