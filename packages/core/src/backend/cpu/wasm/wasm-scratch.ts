import { moduleBytes } from './module-bytes';
import { hasWasmSimd } from './simd-support';
import { type WasmMemory, wasmApi } from './wasm-api';

const PAGE_BYTES = 65536;

/** Slices up to this many floats are copied in with a loop rather than through a (per-offset) subarray view. */
const SHORT_SLICE = 4096;

/** Compiled modules by their base64 text (null: failed to compile), so each is compiled once per process. */
const compiled = new Map<string, object | null>();

/** Why compiling or instantiating a kernel module last failed (`EvalError: …` under a strict CSP), if it did. */
let failure: string | undefined;

/** The error that last stopped a kernel module from compiling or instantiating, as `Name: message`, if any. */
export function wasmFailure(): string | undefined {
  return failure;
}

function recordFailure(e: unknown): void {
  failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Compiles a base64-encoded module synchronously (every kernel module is a few KB, under every browser's
 * sync-compile limit), once per process, or returns null without WebAssembly SIMD or when it fails.
 */
export function compileSimd(base64: string): object | null {
  const api = wasmApi();
  if (!api || !hasWasmSimd()) return null;
  let module = compiled.get(base64);
  if (module === undefined) {
    try {
      module = new api.Module(moduleBytes(base64));
    } catch (e) {
      recordFailure(e);
      module = null;
    }
    compiled.set(base64, module);
  }
  return module;
}

/**
 * Instantiates a base64-encoded module (compiled once, see {@link compileSimd}) with `imports` and returns its
 * exports, or null without WebAssembly SIMD or when it fails.
 */
export function instantiateSimd<T>(base64: string, imports: object = {}): T | null {
  const api = wasmApi();
  const module = compileSimd(base64);
  if (!api || !module) return null;
  try {
    return new api.Instance(module, imports).exports as unknown as T;
  } catch (e) {
    recordFailure(e);
    return null;
  }
}

/**
 * A module that imports `env.memory`, compiled once and instantiated on a new growable memory of its own (the
 * scratch memory of the copying path), with the compiled module for instantiating it again on other memories (one
 * instance per `KernelArena`). Null without WebAssembly SIMD or when it fails.
 */
export function instantiateOnOwnMemory<T>(base64: string): { exports: T & { memory: WasmMemory }; module: object } | null {
  const api = wasmApi();
  const module = compileSimd(base64);
  if (!api || !module || typeof api.Memory !== 'function') return null;
  const memory = new api.Memory({ initial: 1 });
  const ex = instantiateSimd<T>(base64, { env: { memory } });
  return ex && { exports: { ...ex, memory }, module };
}

/**
 * Rounds a float count up to a multiple of 16. Must match PAD_FLOATS in scripts/vmath-wat.mjs, vmath32-wat.mjs and
 * rectifier-wat.mjs: the modules work in groups of up to 16 floats, and reads and writes past a slice stay inside
 * its padded region (and are never copied out).
 */
export function padFloats(n: number): number {
  return (n + 15) & -16;
}

/**
 * The memory of a kernel module as seen from JavaScript: it grows on demand (never shrinks), and inputs are copied
 * in and results out with `TypedArray.set` (a memcpy), so callers keep their own Float32Arrays and nobody outside
 * holds a view of wasm memory that growing could invalidate. The views it needs are cached (a few per call site),
 * so steady-state calls allocate nothing.
 */
export class WasmScratch {
  private readonly memory: WasmMemory;
  /** All of the memory as float32s; replaced when the memory grows. */
  heap: Float32Array;
  /** All of the memory as float64s; replaced when the memory grows. */
  heap64: Float64Array;
  private readonly outCacheSize: number;
  private readonly outOff: Int32Array;
  private readonly outLen: Int32Array;
  private readonly outView: (Float32Array | null)[];
  private nextOut = 0;
  private readonly inArr: (Float32Array | null)[];
  private readonly inStart: number[];
  private readonly inLen: number[];
  private readonly inView: (Float32Array | null)[];

  /** `inputs` slots of cached input views, `outputs` cached views of the memory (round-robin). */
  constructor(memory: WasmMemory, inputs: number, outputs: number) {
    this.memory = memory;
    this.heap = new Float32Array(memory.buffer);
    this.heap64 = new Float64Array(memory.buffer);
    this.outCacheSize = outputs;
    this.outOff = new Int32Array(outputs).fill(-1);
    this.outLen = new Int32Array(outputs);
    this.outView = new Array(outputs).fill(null);
    this.inArr = new Array(inputs).fill(null);
    this.inStart = new Array(inputs).fill(-1);
    this.inLen = new Array(inputs).fill(-1);
    this.inView = new Array(inputs).fill(null);
  }

  /** Bytes of wasm memory currently reserved. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Grows the memory to hold at least `floats` float32s. */
  ensure(floats: number): void {
    const need = floats * 4;
    // The views' own length, not the memory's: a shared memory may have been grown through another scratch.
    if (need > this.heap.byteLength) {
      const have = this.memory.buffer.byteLength;
      if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
      this.heap = new Float32Array(this.memory.buffer);
      this.heap64 = new Float64Array(this.memory.buffer);
      this.outOff.fill(-1);
      this.outView.fill(null);
    }
  }

  /**
   * Copies `a[start, start + n)` to float offset `off` of the memory, through input view cache `slot`; a short slice
   * of a longer array (one channel's run, at a new offset per call) is copied element by element, without a view.
   */
  copyIn(slot: number, a: Float32Array, start: number, n: number, off: number): void {
    if (n <= SHORT_SLICE && (start !== 0 || a.length !== n)) {
      const heap = this.heap;
      for (let i = 0; i < n; i++) heap[off + i] = a[start + i] as number;
    } else this.heap.set(this.input(slot, a, start, n), off);
  }

  /** Copies `n` floats at float offset `off` of the memory to `out[start, start + n)`. */
  copyOut(off: number, n: number, out: Float32Array, start: number): void {
    out.set(this.view(off, n), start);
  }

  /** A cached view of `n` floats at float offset `off` of the memory. */
  view(off: number, n: number): Float32Array {
    for (let i = 0; i < this.outCacheSize; i++) {
      if (this.outOff[i] === off && this.outLen[i] === n) return this.outView[i] as Float32Array;
    }
    const v = this.heap.subarray(off, off + n);
    const slot = this.nextOut;
    this.nextOut = (slot + 1) % this.outCacheSize;
    this.outOff[slot] = off;
    this.outLen[slot] = n;
    this.outView[slot] = v;
    return v;
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
}
