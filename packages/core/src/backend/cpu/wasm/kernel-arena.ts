import { ValidationError } from '../../../errors';
import { hasWasmSimd } from './simd-support';
import { type WasmMemory, wasmApi } from './wasm-api';

const PAGE_BYTES = 65536;

/** Every allocation starts on a 64-byte boundary and is padded to a multiple of this many floats. */
const ALIGN_FLOATS = 16;

/**
 * Floats reserved at byte 0 of every arena for the kernels' tails (the last < 16 elements of an in-place call are
 * copied there, computed and copied back): four 16-float regions.
 */
export const ARENA_SCRATCH_FLOATS = 4 * ALIGN_FLOATS;

/** Floats in the first chunk of the default heap ({@link allocKernelFloats}): 4 MiB, enough for most small models. */
const FIRST_CHUNK_FLOATS = (4 << 20) / 4;
/** Each further chunk doubles, up to this many floats (16 MiB). */
const MAX_CHUNK_FLOATS = (16 << 20) / 4;

/** Most floats one arena can hold: a wasm32 memory has at most 65536 pages, and JavaScript engines cap it lower. */
const MAX_FLOATS = (65536 * PAGE_BYTES) / 4 - ARENA_SCRATCH_FLOATS;

/** Every arena by its memory's buffer. Weak on the buffer: an arena lives exactly as long as some view of it. */
const registry = new WeakMap<ArrayBufferLike, KernelArena>();

function padFloats(n: number): number {
  return Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;
}

/**
 * A fixed-size block of WebAssembly memory that hands out zero-filled Float32Arrays, so that the CPU backend's
 * SIMD kernels (ELU, sigmoid, tanh, the rectifiers) read and write them in place instead of copying them into the
 * kernel's own memory and back. The memory is created with `initial === maximum` pages and never grows, so the
 * arrays are never detached; it is freed when the arena and every array from it are unreachable.
 *
 * The arrays are ordinary Float32Arrays in every other respect, with two caveats of all WebAssembly memory: their
 * `buffer` cannot be transferred with `postMessage`, and structured-cloning one copies the whole arena (send a
 * `slice()` instead). Kernels run in place only when all arrays of a call come from the same arena; anything else
 * takes the copying path, with bit-identical results.
 *
 * @example
 * ```ts
 * const arena = new KernelArena(1 << 20);
 * const x = arena.alloc(1000);
 * const y = arena.alloc(1000);
 * ```
 */
export class KernelArena {
  /** The arena's memory (never grows). */
  readonly memory: WasmMemory;
  /** All of the memory as float32s, including the reserved scratch area at float 0. */
  readonly heap: Float32Array;
  /** All of the memory as float64s (kernels that carry float64 sums keep them in the scratch area). @internal */
  readonly heap64: Float64Array;
  /** Float offset of the next allocation. */
  private top = ARENA_SCRATCH_FLOATS;
  /** Kernel module instances on this memory, by compiled module. */
  private readonly instances = new Map<object, unknown>();

  /**
   * Reserves memory for at least `floats` float32s (rounded up to whole 64 KiB pages, plus a small scratch area).
   * @param floats - How many floats `alloc` can hand out in total, counting each allocation padded to a multiple of
   *   16 floats.
   * @throws ValidationError when `floats` is not a non-negative integer or exceeds what one memory can hold, or
   *   when this engine has no WebAssembly (use `new Float32Array` or {@link allocKernelFloats} there).
   */
  constructor(floats: number) {
    if (!Number.isInteger(floats) || floats < 0 || floats > MAX_FLOATS)
      throw new ValidationError(
        `KernelArena: capacity ${floats} floats is not an integer in [0, ${MAX_FLOATS}]; ask for fewer floats and split the arrays over several arenas`,
      );
    const api = wasmApi();
    if (!api || typeof api.Memory !== 'function')
      throw new ValidationError(
        'KernelArena: this engine has no WebAssembly; allocate with allocKernelFloats(), which falls back to new Float32Array',
        'UNSUPPORTED',
      );
    const pages = Math.ceil(((floats + ARENA_SCRATCH_FLOATS) * 4) / PAGE_BYTES);
    this.memory = new api.Memory({ initial: pages, maximum: pages });
    this.heap = new Float32Array(this.memory.buffer);
    this.heap64 = new Float64Array(this.memory.buffer);
    registry.set(this.memory.buffer, this);
  }

  /** Bytes handed out so far (allocations padded to multiples of 16 floats, plus the scratch area). */
  get usedBytes(): number {
    return this.top * 4;
  }

  /** Floats this arena can still hand out (allocations are padded to multiples of 16 floats). */
  get available(): number {
    return this.heap.length - this.top;
  }

  /**
   * A zero-filled Float32Array of `length` floats in this arena, starting on a 64-byte boundary. Memory is never
   * reused: it is released with the whole arena.
   * @param length - Number of floats.
   * @throws ValidationError (`code` `ARENA_FULL`) when the arena has fewer than `length` (rounded up to a multiple
   *   of 16) floats left.
   */
  alloc(length: number): Float32Array {
    if (!Number.isInteger(length) || length < 0)
      throw new ValidationError(`KernelArena.alloc: length ${length} is not a non-negative integer; pass a count of floats`);
    const padded = padFloats(length);
    if (padded > this.available)
      throw new ValidationError(
        `KernelArena.alloc: ${length} floats (${padded} padded) do not fit, ${this.available} of ${this.heap.length - ARENA_SCRATCH_FLOATS} are left; create a larger KernelArena or use allocKernelFloats(), which opens new chunks as needed`,
        'ARENA_FULL',
      );
    const start = this.top;
    this.top = start + padded;
    return this.heap.subarray(start, start + length);
  }

  /**
   * The instance of a compiled kernel module that imports `env.memory`, instantiated on this arena's memory the
   * first time it is asked for.
   * @internal
   */
  instance<T>(module: object): T {
    let ex = this.instances.get(module);
    if (ex === undefined) {
      const api = wasmApi() as NonNullable<ReturnType<typeof wasmApi>>;
      ex = new api.Instance(module, { env: { memory: this.memory } }).exports;
      this.instances.set(module, ex);
    }
    return ex as T;
  }
}

/** The arena whose memory is `buffer`, if any. @internal */
export function arenaOf(buffer: ArrayBufferLike): KernelArena | undefined {
  return registry.get(buffer);
}

/** True when `[a, a + n)` and `[b, b + n)` (byte offsets, n floats) are the same range or do not overlap. */
function sameOrDisjoint(a: number, b: number, n: number): boolean {
  return a === b || a + 4 * n <= b || b + 4 * n <= a;
}

/**
 * The arena holding every array of a kernel call when they all share one (`x` and `dy` are inputs, `out` the
 * output, each used over `[0, length)`) and the output either is exactly an input or overlaps neither: the
 * condition for running the kernel in place. Null otherwise.
 * @internal
 */
export function sharedArena(x: Float32Array, dy: Float32Array | null, out: Float32Array, length: number): KernelArena | null {
  const buffer = x.buffer;
  if (out.buffer !== buffer || (dy !== null && dy.buffer !== buffer)) return null;
  const arena = registry.get(buffer);
  if (arena === undefined) return null;
  const o = out.byteOffset;
  if (!sameOrDisjoint(x.byteOffset, o, length)) return null;
  if (dy !== null && !sameOrDisjoint(dy.byteOffset, o, length)) return null;
  return arena;
}

let current: KernelArena | null = null;
/** Regular chunks opened so far: they grow from 4 to 16 MiB, so a process with one small model reserves little. */
let chunksOpened = 0;
/** The kernel heap's chunks, weakly: a chunk is freed once no array from it is reachable. */
let heapChunks: WeakRef<KernelArena>[] = [];

/** The kernel heap's chunks still alive: their WebAssembly memory and how much of it is handed out, in bytes. @internal */
export function kernelHeapBytes(): { readonly reserved: number; readonly used: number } {
  heapChunks = heapChunks.filter((r) => r.deref() !== undefined);
  let reserved = 0;
  let used = 0;
  for (const r of heapChunks) {
    const a = r.deref();
    if (a === undefined) continue;
    reserved += a.memory.buffer.byteLength;
    used += a.usedBytes;
  }
  return { reserved, used };
}
let supported: boolean | undefined;

/**
 * A zero-filled Float32Array of `length` floats from the process-wide kernel heap: WebAssembly memory in chunks of
 * 4 MiB, then 8, then 16 MiB each (or one chunk of exactly the size needed when larger), so that the CPU backend's activation kernels run on
 * it in place (see {@link KernelArena} for the two caveats). A chunk is freed once every array from it is
 * unreachable. Without WebAssembly SIMD this is `new Float32Array(length)`.
 * @param length - Number of floats.
 */
export function allocKernelFloats(length: number): Float32Array {
  if (supported === undefined) supported = hasWasmSimd() && typeof wasmApi()?.Memory === 'function';
  if (!supported) return new Float32Array(length);
  if (current === null || padFloats(length) > current.available) {
    const size = Math.min(MAX_CHUNK_FLOATS, FIRST_CHUNK_FLOATS * 2 ** chunksOpened) - ARENA_SCRATCH_FLOATS;
    const chunk = new KernelArena(Math.max(size, padFloats(length)));
    heapChunks.push(new WeakRef(chunk));
    // A request larger than a chunk gets an arena of its own and leaves the current chunk open for small ones.
    if (current === null || padFloats(length) <= size) {
      current = chunk;
      chunksOpened++;
    }
    return chunk.alloc(length);
  }
  return current.alloc(length);
}
