import { type KernelArena, sharedArena } from './kernel-arena';
import { RECTIFIER_WASM } from './rectifier-wasm.generated';
import type { WasmMemory } from './wasm-api';
import { instantiateOnOwnMemory, padFloats as pad, WasmScratch } from './wasm-scratch';

type Unary = (x: number, y: number, n: number, k: number) => void;
type Binary = (x: number, dy: number, dx: number, n: number, k: number) => void;

interface RectifierExports {
  readonly memory: WasmMemory;
  relu(x: number, y: number, n: number): void;
  readonly reluCap: Unary;
  readonly reluGrad: Binary;
  readonly leaky: Unary;
  readonly leakyGrad: Binary;
  readonly leaky32: Unary;
  readonly leakyGrad32: Binary;
  prelu(x: number, y: number, n: number, p: number, k: number, period: number): void;
  preluGrad(x: number, dy: number, dx: number, n: number, p: number, k: number, period: number): void;
  preluGradSum(x: number, dy: number, dx: number, n: number, p: number, k: number, period: number, g: number): void;
  leakyGradSum32(x: number, dy: number, dx: number, n: number, s: number, g: number): void;
}

/** The forward exports taking one scalar (relu ignores it), by name. */
export type RectifierUnary = 'relu' | 'reluCap' | 'leaky' | 'leaky32';

/** The backward exports taking one scalar, by name. */
export type RectifierBinary = 'reluGrad' | 'leakyGrad' | 'leakyGrad32';

/**
 * Longest slice handed to the module per call. These kernels are memory-bound, so the slice is small enough for the
 * copy in, the kernel and the copy out to stay in L2 (two 256 KiB regions). Longer arrays run slice by slice (one
 * small view object per input per slice; nothing for arrays up to this length).
 */
export const RECTIFIER_CHUNK = 1 << 16;

/** Largest channel count whose per-channel slopes run in the module (the slope pattern holds lcm(channels, 4) floats). */
export const RECTIFIER_MAX_CHANNELS = 1 << 16;

/** Floats in one period of the per-channel slope pattern: lcm(channels, 4), so a block of 4 never wraps inside. */
export function preluPeriod(channels: number): number {
  return channels % 4 === 0 ? channels : channels % 2 === 0 ? 2 * channels : 4 * channels;
}

/** The module processes n rounded up to a multiple of this many floats (PAD_FLOATS of the generator). */
const GROUP = 16;
/** Byte offset, in a KernelArena's scratch area, of the eight partial sums of an in-place leakyGradSum. */
const ARENA_PARTIALS = 128;

/** The fixed combination of the eight shared-slope partial sums: `((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))`. */
function combinePartials(p: Float64Array): number {
  return p[0] + p[1] + (p[2] + p[3]) + (p[4] + p[5] + (p[6] + p[7]));
}

/**
 * The WebAssembly SIMD rectifier module (scripts/rectifier-wat.mjs) and its scratch memory. Like `WasmVmath`, inputs
 * are copied in and results out with `TypedArray.set` (a memcpy), so callers keep their own Float32Arrays.
 *
 * Layout per slice: the PReLU slope pattern (if any) at byte 0, then region A (x; forward results overwrite it),
 * then region B (dy, overwritten by dx), each padded to a multiple of 16 floats.
 *
 * ReLU and Leaky ReLU (not per-channel PReLU) run in place when all arrays of a call live in one `KernelArena`: on
 * the arrays' byte offsets for the first `length & ~15` elements, the rest through regions A (float 0) and B (float
 * 16) of the arena's scratch area. Every element is computed on its own (and the shared-slope sums keep their
 * element order), so both paths give bit-identical results.
 */
export class WasmRectifier {
  private readonly ex: RectifierExports;
  /** The eight float64 partial sums of {@link WasmRectifier.leakyGradSum}, carried from slice to slice. */
  private readonly partials = new Float64Array(8);
  private readonly scratch: WasmScratch;
  /** The compiled module, instantiated once per KernelArena on its memory. */
  private readonly module: object;

  private constructor(ex: RectifierExports, module: object) {
    this.ex = ex;
    this.scratch = new WasmScratch(ex.memory, 2, 1);
    this.module = module;
  }

  /** Compiles the module synchronously (~4 KB), or null without WebAssembly SIMD. */
  static create(): WasmRectifier | null {
    const m = instantiateOnOwnMemory<Omit<RectifierExports, 'memory'>>(RECTIFIER_WASM);
    return m && new WasmRectifier(m.exports, m.module);
  }

  /** The module instance on `arena`'s memory. */
  private inArena(arena: KernelArena): RectifierExports {
    return arena.instance<RectifierExports>(this.module);
  }

  /** Forward export `fn` with scalar `k` over `x[0, length)` into `y`. */
  unary(fn: RectifierUnary, x: Float32Array, y: Float32Array, length: number, k: number): void {
    const arena = length > 0 ? sharedArena(x, null, y, length) : null;
    if (arena !== null) {
      const ex = this.inArena(arena);
      const whole = length & -GROUP;
      if (whole > 0) ex[fn](x.byteOffset, y.byteOffset, whole, k);
      const tail = length - whole;
      if (tail === 0) return;
      const h = arena.heap;
      for (let i = 0; i < tail; i++) h[i] = x[whole + i];
      ex[fn](0, 0, tail, k);
      for (let i = 0; i < tail; i++) y[whole + i] = h[i];
      return;
    }
    const ex = this.ex;
    const s = this.scratch;
    for (let start = 0; start < length; start += RECTIFIER_CHUNK) {
      const n = Math.min(RECTIFIER_CHUNK, length - start);
      s.ensure(pad(n));
      s.copyIn(0, x, start, n, 0);
      if (fn === 'relu') ex.relu(0, 0, n);
      else ex[fn](0, 0, n, k);
      s.copyOut(0, n, y, start);
    }
  }

  /** Backward export `fn` with scalar `k`; `dx` may alias `dy`. */
  binary(fn: RectifierBinary, x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, k: number): void {
    const arena = length > 0 ? sharedArena(x, dy, dx, length) : null;
    if (arena !== null) {
      const ex = this.inArena(arena);
      const whole = length & -GROUP;
      if (whole > 0) ex[fn](x.byteOffset, dy.byteOffset, dx.byteOffset, whole, k);
      const tail = length - whole;
      if (tail > 0) {
        this.tailIn(arena, x, dy, whole, tail);
        ex[fn](0, 4 * GROUP, 4 * GROUP, tail, k);
        this.tailOut(arena, dx, whole, tail);
      }
      return;
    }
    const ex = this.ex;
    const s = this.scratch;
    for (let start = 0; start < length; start += RECTIFIER_CHUNK) {
      const n = Math.min(RECTIFIER_CHUNK, length - start);
      const p = this.loadPair(x, dy, start, n, false);
      ex[fn](0, 4 * p, 4 * p, n, k);
      s.copyOut(p, n, dx, start);
    }
  }

  /**
   * Leaky ReLU / shared-slope PReLU backward with a float32 slope `s`, also returning `acc` plus the float64 sum of
   * the slope-gradient terms min(x, 0)·dy (0·dy for x = +∞) in a fixed lane-parallel order: term i goes
   * into partial sum i mod 8 (each in element order, from +0), and `acc + ((p0 + p1) + (p2 + p3)) + ((p4 + p5) +
   * (p6 + p7))` is returned. `acc` must not be −0. `dx` may alias `dy`.
   */
  leakyGradSum(x: Float32Array, dy: Float32Array, dx: Float32Array, length: number, s: number, acc: number): number {
    const partials = this.partials;
    partials.fill(0);
    const arena = length > 0 ? sharedArena(x, dy, dx, length) : null;
    if (arena !== null) {
      const ex = this.inArena(arena);
      const h64 = arena.heap64;
      const g = ARENA_PARTIALS / 8;
      h64.fill(0, g, g + 8);
      const whole = length & -GROUP;
      if (whole > 0) ex.leakyGradSum32(x.byteOffset, dy.byteOffset, dx.byteOffset, whole, s, ARENA_PARTIALS);
      const tail = length - whole;
      if (tail > 0) {
        // whole ≡ 0 (mod 8), so tail element i goes into partial i mod 8 as in one sweep; the padding must be +0.
        this.tailIn(arena, x, dy, whole, tail);
        arena.heap.fill(0, tail, GROUP);
        arena.heap.fill(0, GROUP + tail, 2 * GROUP);
        ex.leakyGradSum32(0, 4 * GROUP, 4 * GROUP, tail, s, ARENA_PARTIALS);
        this.tailOut(arena, dx, whole, tail);
      }
      for (let j = 0; j < 8; j++) partials[j] = h64[g + j];
      return acc + combinePartials(partials);
    }
    const ex = this.ex;
    for (let start = 0; start < length; start += RECTIFIER_CHUNK) {
      const n = Math.min(RECTIFIER_CHUNK, length - start);
      const p = this.loadPair(x, dy, start, n, true, 16);
      const h = this.scratch.heap64;
      h.set(partials, p);
      ex.leakyGradSum32(0, 4 * p, 4 * p, n, s, 8 * p);
      for (let j = 0; j < 8; j++) partials[j] = h[p + j];
      this.scratch.copyOut(p, n, dx, start);
    }
    return acc + combinePartials(partials);
  }

  /** Copies `x[whole, whole + tail)` and `dy[…]` to regions A (float 0) and B (float 16) of the arena's scratch area. */
  private tailIn(arena: KernelArena, x: Float32Array, dy: Float32Array, whole: number, tail: number): void {
    const h = arena.heap;
    for (let i = 0; i < tail; i++) h[i] = x[whole + i];
    for (let i = 0; i < tail; i++) h[GROUP + i] = dy[whole + i];
  }

  /** Copies `tail` floats of scratch region B to `dx[whole, whole + tail)`. */
  private tailOut(arena: KernelArena, dx: Float32Array, whole: number, tail: number): void {
    const h = arena.heap;
    for (let i = 0; i < tail; i++) dx[whole + i] = h[GROUP + i];
  }

  /**
   * Copies the slice `[start, start + n)` of x to region A at float 0 and of dy to region B right after it, zeroing
   * the padding of both when `zeroPad` (the summing kernels read it), and returns the padded region size.
   */
  private loadPair(x: Float32Array, dy: Float32Array, start: number, n: number, zeroPad: boolean, extra = 0): number {
    const s = this.scratch;
    const p = pad(n);
    s.ensure(2 * p + extra);
    s.copyIn(0, x, start, n, 0);
    s.copyIn(1, dy, start, n, p);
    if (zeroPad) {
      s.heap.fill(0, n, p);
      s.heap.fill(0, p + n, 2 * p);
    }
    return p;
  }

  /**
   * PReLU with slope `slope[i % channels]` for element i: forward (`dy === null`, result in `out`) or the input
   * gradient (`out` = dx, may alias dy). With `sums` (which needs `channels % 4 === 0`), also adds channel c's
   * slope-gradient terms min(x, 0)·dy (0·dy for x = +∞) one by one, in row order, to the float64 `sums[c]`.
   * `channels` ≤ {@link RECTIFIER_MAX_CHANNELS}.
   */
  prelu(
    x: Float32Array,
    dy: Float32Array | null,
    out: Float32Array,
    length: number,
    slope: Float32Array,
    channels: number,
    sums: Float64Array | null = null,
  ): void {
    const ex = this.ex;
    const s = this.scratch;
    // A slice starting at phase k reads blocks [k + 4j, k + 4j + 4) with k + 4j wrapped below the period, so the
    // pattern holds 4 more floats than a period.
    const period = preluPeriod(channels);
    const g = pad(period + 4); // float offset of the accumulators
    const a = sums ? g + pad(2 * channels) : g; // float offset of region A
    for (let start = 0; start < length; start += RECTIFIER_CHUNK) {
      const n = Math.min(RECTIFIER_CHUNK, length - start);
      const p = pad(n);
      s.ensure(a + (dy ? 2 * p : p));
      const heap = s.heap;
      if (start === 0) {
        for (let i = 0, c = 0; i < period + 4; i++) {
          heap[i] = slope[c];
          if (++c === channels) c = 0;
        }
        if (sums) for (let c = 0, h = s.heap64, o = g / 2; c < channels; c++) h[o + c] = sums[c];
      }
      s.copyIn(0, x, start, n, a);
      const phase = start % channels;
      if (dy) {
        const b = a + p;
        s.copyIn(1, dy, start, n, b);
        if (sums) {
          heap.fill(0, a + n, b);
          heap.fill(0, b + n, b + p);
          ex.preluGradSum(4 * a, 4 * b, 4 * b, n, 0, phase, period, 4 * g);
        } else {
          ex.preluGrad(4 * a, 4 * b, 4 * b, n, 0, phase, period);
        }
        s.copyOut(b, n, out, start);
      } else {
        ex.prelu(4 * a, 4 * a, n, 0, phase, period);
        s.copyOut(a, n, out, start);
      }
    }
    if (sums) for (let c = 0, h = s.heap64, o = g / 2; c < channels; c++) sums[c] = h[o + c];
  }

  /** Bytes of wasm memory currently reserved. */
  get memoryBytes(): number {
    return this.scratch.bytes;
  }
}
