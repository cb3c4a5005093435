import type { WindowGeometry } from '../geometry';
import { ensureBytes, type KernelMemory, SimdModule } from '../simd-module';
import { POOL_WASM_BASE64 } from './pool-wasm.generated';

interface PoolExports {
  readonly memory: KernelMemory;
  maxPool2x2(x: number, y: number, argmax: number, planes: number, inH: number, inW: number, outH: number, outW: number): void;
}

const poolModule = new SimdModule<PoolExports>(POOL_WASM_BASE64);

/** Floats read past the last window of a row (two vectors per row from the last group's start). */
const READ_SLACK = 8;

/** A batch runs in chunks of samples whose regions fit in this many bytes, so big `predict` batches stay bounded. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Max pooling with a 2×2 window, stride 2 and no padding on WebAssembly SIMD (scripts/pool-wat.mjs): the input is
 * copied into the module's memory and the outputs and their argmax indices copied out. The same values and indices
 * as {@link maxPoolForward}. One instance per layer with its own memory, bounded by running big batches in chunks.
 */
export class SimdMaxPool2x2 {
  private readonly inPer: number;
  private readonly outPer: number;
  private readonly maxChunk: number;
  /** Samples the memory is laid out for. */
  private capacity = 0;
  private yOff = 0;
  private argmaxOff = 0;
  private heap: Float32Array = new Float32Array(0);
  private yView: Float32Array = new Float32Array(0);
  private argmaxView: Int32Array = new Int32Array(0);

  private constructor(
    private readonly ex: PoolExports,
    private readonly g: WindowGeometry,
  ) {
    this.inPer = g.channels * g.inH * g.inW;
    this.outPer = g.channels * g.outH * g.outW;
    this.maxChunk = Math.max(1, Math.floor(CHUNK_BYTES / (4 * (this.inPer + 2 * this.outPer))));
  }

  /** The kernel for this geometry, or null when it is not a 2×2 stride-2 unpadded window or there is no SIMD. */
  static create(g: WindowGeometry): SimdMaxPool2x2 | null {
    const { kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
    if (kh !== 2 || kw !== 2 || sh !== 2 || sw !== 2 || dh !== 1 || dw !== 1 || padTop !== 0 || padLeft !== 0) return null;
    const ex = poolModule.instance();
    return ex && new SimdMaxPool2x2(ex, g);
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    this.yOff = (rows * this.inPer + READ_SLACK + 3) & ~3;
    this.argmaxOff = this.yOff + ((rows * this.outPer + 3) & ~3);
    ensureBytes(this.ex.memory, (this.argmaxOff + rows * this.outPer) * 4);
    this.heap = new Float32Array(this.ex.memory.buffer);
    this.yView = new Float32Array(0);
    this.capacity = rows;
  }

  /** Writes the maxima of `rows` samples to `y` and their flat input indices to `argmax`. */
  run(rows: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
    const g = this.g;
    this.reserve(Math.min(rows, this.maxChunk));
    const { inPer, outPer } = this;
    for (let start = 0; start < rows; start += this.capacity) {
      const n = Math.min(this.capacity, rows - start);
      const whole = start === 0 && x.length === n * inPer;
      this.heap.set(whole ? x : x.subarray(start * inPer, (start + n) * inPer), 0);
      this.ex.maxPool2x2(0, this.yOff * 4, this.argmaxOff * 4, n * g.channels, g.inH, g.inW, g.outH, g.outW);
      if (this.yView.length !== n * outPer) {
        this.yView = this.heap.subarray(this.yOff, this.yOff + n * outPer);
        this.argmaxView = new Int32Array(this.ex.memory.buffer, this.argmaxOff * 4, n * outPer);
      }
      y.set(this.yView, start * outPer);
      // The indices are per chunk: shift them to the whole batch.
      const shift = start * inPer;
      if (shift === 0) argmax.set(this.argmaxView, 0);
      else for (let k = 0; k < n * outPer; k++) argmax[start * outPer + k] = this.argmaxView[k] + shift;
    }
  }
}
