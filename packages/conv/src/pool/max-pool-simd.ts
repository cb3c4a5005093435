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

/**
 * Max pooling with a 2×2 window, stride 2 and no padding on WebAssembly SIMD (scripts/pool-wat.mjs): the input is
 * copied into the module's memory and the outputs and their argmax indices copied out. The same values and indices
 * as {@link maxPoolForward}. One instance per layer with its own memory, its views rebuilt only when it grows.
 */
export class SimdMaxPool2x2 {
  private rows = -1;
  private heap = new Float32Array(0);
  private yView = new Float32Array(0);
  private argmaxView = new Int32Array(0);
  private yOff = 0;
  private argmaxOff = 0;

  private constructor(
    private readonly ex: PoolExports,
    private readonly g: WindowGeometry,
  ) {}

  /** The kernel for this geometry, or null when it is not a 2×2 stride-2 unpadded window or there is no SIMD. */
  static create(g: WindowGeometry): SimdMaxPool2x2 | null {
    const { kh, kw, sh, sw, dh, dw, padTop, padLeft } = g;
    if (kh !== 2 || kw !== 2 || sh !== 2 || sw !== 2 || dh !== 1 || dw !== 1 || padTop !== 0 || padLeft !== 0) return null;
    const ex = poolModule.instance();
    return ex && new SimdMaxPool2x2(ex, g);
  }

  private layoutFor(rows: number): void {
    if (rows === this.rows) return;
    const g = this.g;
    const inN = rows * g.channels * g.inH * g.inW;
    const outN = rows * g.channels * g.outH * g.outW;
    this.yOff = (inN + READ_SLACK + 3) & ~3;
    this.argmaxOff = this.yOff + ((outN + 3) & ~3);
    ensureBytes(this.ex.memory, (this.argmaxOff + outN) * 4);
    const buffer = this.ex.memory.buffer;
    this.heap = new Float32Array(buffer);
    this.yView = this.heap.subarray(this.yOff, this.yOff + outN);
    this.argmaxView = new Int32Array(buffer, this.argmaxOff * 4, outN);
    this.rows = rows;
  }

  /** Writes the maxima of `rows` samples to `y` and their flat input indices to `argmax`. */
  run(rows: number, x: Float32Array, y: Float32Array, argmax: Int32Array): void {
    const g = this.g;
    this.layoutFor(rows);
    const inN = rows * g.channels * g.inH * g.inW;
    this.heap.set(x.length === inN ? x : x.subarray(0, inN), 0);
    this.ex.maxPool2x2(0, this.yOff * 4, this.argmaxOff * 4, rows * g.channels, g.inH, g.inW, g.outH, g.outW);
    y.set(this.yView);
    argmax.set(this.argmaxView);
  }
}
