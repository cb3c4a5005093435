import { matmulTransA, matmulTransB } from '@rectify/core';
import type { ConvGeometry } from '../geometry';
import { ensureBytes } from '../simd-module';
import { type ConvExports, convModule } from './conv-module';
import { align16, inputRegions, writeTapTable } from './conv-layout';
import { forwardOnThreads } from './conv-threads';

/** Byte offsets of the regions for up to `rows` samples, each 16-byte aligned. */
interface Layout {
  readonly rows: number;
  readonly w: number;
  readonly bias: number;
  readonly raw: number;
  readonly xp: number;
  readonly c: number;
  readonly y: number;
  /** The backward pass's per-image scratch: im2col matrix, its gradient, padded and packed input gradient. */
  readonly cols: number;
  readonly dcols: number;
  readonly dxp: number;
  readonly dx: number;
}

/** A batch runs in chunks of samples whose regions fit in this many bytes, so big `predict` batches stay bounded. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The forward convolution with strides 1 on WebAssembly SIMD without im2col (see scripts/conv-wat.mjs): the input
 * is copied once into the module's memory, zero-padded, and every tap reads it in place. Bit-identical to
 * {@link convForwardGemm} on core's SIMD GEMM. One instance per layer, with its own memory: nothing outside holds a
 * view of it. Batches run in chunks of at most 4 MiB of regions, so the memory stays bounded for any batch size.
 */
export class ImplicitGemmConv {
  private readonly ex: ConvExports;
  private readonly g: ConvGeometry;
  /** @internal */
  readonly hp: number;
  /** @internal */
  readonly wp: number;
  /** @internal */
  readonly k: number;
  /** @internal */
  readonly np: number;
  /** @internal */
  readonly padded: boolean;
  private heap: Float32Array;
  private readonly maxChunk: number;
  private layout: Layout | null = null;
  private yView: Float32Array = new Float32Array(0);
  private colsView: Float32Array = new Float32Array(0);
  private dcolsView: Float32Array = new Float32Array(0);
  private dxView: Float32Array = new Float32Array(0);

  private constructor(ex: ConvExports, g: ConvGeometry) {
    this.ex = ex;
    this.g = g;
    this.hp = g.outH + (g.kh - 1) * g.dh;
    this.wp = g.outW + (g.kw - 1) * g.dw;
    const cpg = g.channels / g.groups;
    this.k = cpg * g.kh * g.kw;
    const nr = ex.NR.value as number;
    this.np = Math.ceil((g.outH * this.wp) / nr) * nr;
    this.padded = this.hp !== g.inH || this.wp !== g.inW;
    this.heap = new Float32Array(ex.memory.buffer);
    const sampleFloats =
      (this.padded ? g.channels * g.inH * g.inW : 0) + g.channels * this.hp * this.wp + g.filters * g.outH * g.outW;
    this.maxChunk = Math.max(1, Math.floor(CHUNK_BYTES / (4 * sampleFloats)));
    writeTapTable(ex.memory.buffer, g, this.hp, this.wp);
  }

  /** The kernel for this geometry, or null when it does not apply (strides ≠ 1) or WebAssembly SIMD is missing. */
  static create(g: ConvGeometry): ImplicitGemmConv | null {
    if (g.sh !== 1 || g.sw !== 1) return null;
    const ex = convModule.instance();
    return ex && new ImplicitGemmConv(ex, g);
  }

  /** The regions for `rows` samples: rebuilt (and the padding zeroed) only when more rows are needed than before. */
  private layoutFor(rows: number): Layout {
    const l = this.layout;
    if (l && l.rows >= rows) return l;
    const g = this.g;
    const { w, bias, raw, xp, xpBytes } = inputRegions(g, this.k, rows, this.hp, this.wp, this.padded);
    const c = align16(xp + xpBytes);
    const y = align16(c + (g.filters / g.groups) * this.np * 4);
    const colsFloats = this.k * g.outH * g.outW;
    const cols = align16(y + rows * g.filters * g.outH * g.outW * 4);
    const dcols = align16(cols + colsFloats * 4);
    const dxp = align16(dcols + colsFloats * 4);
    const dxpFloats = g.channels * this.hp * this.wp;
    const dx = align16(dxp + dxpFloats * 4);
    const inPer = g.channels * g.inH * g.inW;
    ensureBytes(this.ex.memory, dx + inPer * 4);
    this.heap = new Float32Array(this.ex.memory.buffer);
    // Zero padding: the borders are never written after this (pad copies only the interiors), nor is the slack.
    this.heap.fill(0, xp / 4, (xp + xpBytes) / 4);
    this.layout = { rows, w, bias, raw, xp, c, y, cols, dcols, dxp, dx };
    this.yView = new Float32Array(0);
    this.colsView = this.heap.subarray(cols / 4, cols / 4 + colsFloats);
    this.dcolsView = this.heap.subarray(dcols / 4, dcols / 4 + colsFloats);
    this.dxView = this.heap.subarray(dx / 4, dx / 4 + inPer);
    return this.layout;
  }

  /** The outputs of `rows` samples in the module's memory (the view cached while the chunk size stays). */
  private outputs(l: Layout, rows: number): Float32Array {
    const n = rows * this.g.filters * this.g.outH * this.g.outW;
    if (this.yView.length !== n) this.yView = this.heap.subarray(l.y / 4, l.y / 4 + n);
    return this.yView;
  }

  /** y = conv(x, w) + bias for `rows` samples, NCHW; `bias` may be null. */
  run(rows: number, x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array): void {
    if (forwardOnThreads(this.g, this, rows, x, w, bias, y)) return;
    const l = this.layoutFor(Math.min(rows, this.maxChunk));
    this.heap.set(w, l.w / 4);
    if (bias) this.heap.set(bias, l.bias / 4);
    const g = this.g;
    const inPer = g.channels * g.inH * g.inW;
    const outPer = g.filters * g.outH * g.outW;
    for (let start = 0; start < rows; start += l.rows) {
      const n = Math.min(l.rows, rows - start);
      const whole = start === 0 && x.length === n * inPer;
      this.heap.set(whole ? x : x.subarray(start * inPer, (start + n) * inPer), l.raw / 4);
      this.runChunk(l, n, bias !== null);
      y.set(this.outputs(l, n), start * outPer);
    }
  }

  /**
   * The backward pass of {@link convBackwardGemm} with the same products on core's GEMM and the same bits, but im2col
   * and col2im on SIMD over the padded images (no bounds checks): ADDS into `dW`, writes `dx` unless null. The
   * bias gradient is the caller's.
   */
  backward(rows: number, x: Float32Array, w: Float32Array, dy: Float32Array, dW: Float32Array, dx: Float32Array | null): void {
    const l = this.layoutFor(Math.min(rows, this.maxChunk));
    const g = this.g;
    const ex = this.ex;
    const { hp, wp, k } = this;
    const cpg = g.channels / g.groups;
    const opg = g.filters / g.groups;
    const P = g.outH * g.outW;
    const inPer = g.channels * g.inH * g.inW;
    const planeBytes = hp * wp * 4;
    for (let start = 0; start < rows; start += l.rows) {
      const n = Math.min(l.rows, rows - start);
      const whole = start === 0 && x.length === n * inPer;
      this.heap.set(whole ? x : x.subarray(start * inPer, (start + n) * inPer), l.raw / 4);
      if (this.padded) ex.pad(l.raw, l.xp, n * g.channels, g.inH, g.inW, hp, wp, g.padTop, g.padLeft);
      for (let r = 0; r < n; r++) {
        const sample = start + r;
        if (dx) this.heap.fill(0, l.dxp / 4, l.dxp / 4 + g.channels * hp * wp);
        for (let gr = 0; gr < g.groups; gr++) {
          ex.im2col(l.xp + (r * g.channels + gr * cpg) * planeBytes, 0, k, g.outH, g.outW, wp, l.cols);
          const yOff = (sample * g.filters + gr * opg) * P;
          const dyG = dy.subarray(yOff, yOff + opg * P);
          // dW_g [opg×K] += dy_g [opg×P] · colsᵀ
          matmulTransB(dyG, this.colsView, dW.subarray(gr * opg * k, (gr + 1) * opg * k), opg, P, k, true);
          if (dx) {
            // dcols [K×P] = W_gᵀ · dy_g, then added into the padded input gradient tap by tap
            matmulTransA(w.subarray(gr * opg * k, (gr + 1) * opg * k), dyG, this.dcolsView, opg, k, P);
            ex.col2im(l.dxp + gr * cpg * planeBytes, 0, k, g.outH, g.outW, wp, l.dcols);
          }
        }
        if (dx) {
          ex.crop(l.dxp, l.dx, g.channels, g.inH, g.inW, hp, wp, g.padTop, g.padLeft);
          dx.set(this.dxView, sample * inPer);
        }
      }
    }
  }

  private runChunk(l: Layout, rows: number, hasBias: boolean): void {
    const g = this.g;
    const ex = this.ex;
    const { hp, wp } = this;
    if (this.padded) ex.pad(l.raw, l.xp, rows * g.channels, g.inH, g.inW, hp, wp, g.padTop, g.padLeft);
    const cpg = g.channels / g.groups;
    const opg = g.filters / g.groups;
    const plane = g.outH * g.outW;
    for (let gr = 0; gr < g.groups; gr++) {
      ex.forward(
        l.xp + gr * cpg * hp * wp * 4,
        g.channels * hp * wp * 4,
        rows,
        l.w + gr * opg * this.k * 4,
        opg,
        this.k,
        0,
        l.c,
        this.np,
        g.outH,
        g.outW,
        wp,
        l.bias + gr * opg * 4,
        hasBias ? 1 : 0,
        l.y + gr * opg * plane * 4,
        g.filters * plane * 4,
      );
    }
  }
}
