import { decodeBase64 } from './base64';
import { hasWasmSimd } from './simd-support';
import { VMATH_CHUNK } from './vmath-kernel';
import { VMATH32_WASM_BASE64 } from './vmath32-wasm.generated';
import { type WasmMemory, wasmApi } from './wasm-api';

type Unary = (x: number, y: number, n: number) => void;

interface Vmath32Exports {
  readonly memory: WasmMemory;
  readonly exp: Unary;
  readonly expm1: Unary;
  readonly sigmoid: Unary;
  readonly tanh: Unary;
  elu(x: number, y: number, n: number, alpha: number): void;
  eluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
}

/** The one-input functions of the float32 module, by export name. */
export type Vmath32Unary = 'exp' | 'expm1' | 'sigmoid' | 'tanh';

type Vmath32Op = Vmath32Unary | 'elu' | 'eluGrad';

const PAGE_BYTES = 65536;
/** Must match PAD_FLOATS in scripts/vmath32-wat.mjs: the module works in groups of 4·BLOCKS floats. */
const PAD_FLOATS = 16;

function pad(n: number): number {
  return (n + PAD_FLOATS - 1) & -PAD_FLOATS;
}

/**
 * The float32 WebAssembly SIMD math module (scripts/vmath32-wat.mjs) and the scratch memory it owns, laid out and
 * driven like the float64 module (vmath-kernel.ts): inputs copied in and results out with `TypedArray.set`, region A at byte 0 and
 * region B after it, each padded to 16 floats, arrays longer than `VMATH_CHUNK` processed slice by slice.
 */
export class WasmVmath32 {
  private readonly ex: Vmath32Exports;
  private heap: Float32Array;
  // One-entry caches of the views used per slice, so that steady-state calls allocate nothing.
  private outOff = -1;
  private outLen = -1;
  private outView: Float32Array;
  private readonly inArr: (Float32Array | null)[] = [null, null];
  private readonly inStart = [-1, -1];
  private readonly inLen = [-1, -1];
  private readonly inView: (Float32Array | null)[] = [null, null];

  private constructor(ex: Vmath32Exports) {
    this.ex = ex;
    this.heap = new Float32Array(ex.memory.buffer);
    this.outView = this.heap;
  }

  /** Compiles the module synchronously (~7 KB, under every browser's sync-compile limit), or null without SIMD. */
  static create(): WasmVmath32 | null {
    const api = wasmApi();
    if (!api || !hasWasmSimd()) return null;
    try {
      const module = new api.Module(decodeBase64(VMATH32_WASM_BASE64));
      const instance = new api.Instance(module, {});
      return new WasmVmath32(instance.exports as unknown as Vmath32Exports);
    } catch {
      return null;
    }
  }

  /** y[i] = f(x[i]) for i in [0, length). */
  unary(fn: Vmath32Unary, x: Float32Array, y: Float32Array, length: number): void {
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

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  private run(op: Vmath32Op, a: Float32Array, b: Float32Array | null, out: Float32Array, length: number, k: number): void {
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
        case 'elu':
          ex.elu(0, B, n, k);
          break;
        case 'eluGrad':
          ex.eluGrad(0, B, B, n, k);
          break;
        default:
          ex[op](0, B, n);
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
