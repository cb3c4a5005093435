import { cpuThreads, ThreadPool, withSharedMemoryImport } from '@rectify/core';
import type { ConvGeometry } from '../geometry';
import { align16, inputRegions, writeTapTable } from './conv-layout';
import { CONV_MAX_PAGES, type ConvExports, convModule } from './conv-module';

/** Below this many multiply-adds per call the forward pass stays on one thread (waking workers costs more). */
const THREAD_MIN_WORK = 1 << 18;

/** Samples per slab are capped so that the shared scratch stays within this many bytes for any batch size. */
const SLAB_BYTES = 16 * 1024 * 1024;

const PAGE_BYTES = 65536;

interface ConvPool {
  readonly pool: ThreadPool;
  /** The pool's index of the module's `forward` export. */
  readonly forward: number;
  /** The module on the pool's memory, on this thread (for `pad`). */
  readonly ex: ConvExports;
}

/** The pool every conv layer shares (one shared memory used as scratch by whichever layer runs), or why there is none. */
let shared: ConvPool | string | undefined;

function convPool(): ConvPool | null {
  if (shared === undefined) {
    const module = convModule.sharedModule(withSharedMemoryImport);
    const pool = module ? ThreadPool.create(CONV_MAX_PAGES) : 'the convolution module cannot run here';
    if (typeof pool === 'string') shared = pool;
    else {
      const api = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: unknown } } })
        .WebAssembly;
      const ex = new api.Instance(module as object, { env: { memory: pool.memory } }).exports as ConvExports;
      shared = { pool, forward: pool.register(module as object, ['forward']), ex };
    }
  }
  return typeof shared === 'object' ? shared : null;
}

/** Chunks run by workers on the convolutions' pool since it started (for tests: undefined before it exists). */
export function convWorkerChunks(): number | undefined {
  return typeof shared === 'object' ? shared.pool.workerChunks : undefined;
}

/** Workers of the convolutions' pool that are ready (for tests). */
export function convWorkersReady(): number {
  return typeof shared === 'object' ? shared.pool.ready : 0;
}

/**
 * The implicit-GEMM forward convolution split over samples (and groups) on worker threads: every chunk runs the
 * module's `forward` on its own samples with its own product scratch, so each output is computed exactly as on one
 * thread and the results are bit-identical for any thread count. Returns false (and does nothing) when the caller
 * should run single-threaded: one thread asked for, too little work, or no pool here.
 */
export function forwardOnThreads(
  g: ConvGeometry,
  geo: { readonly hp: number; readonly wp: number; readonly k: number; readonly np: number; readonly padded: boolean },
  rows: number,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array | null,
  y: Float32Array,
): boolean {
  const threads = cpuThreads();
  const { hp, wp, k, np, padded } = geo;
  const opg = g.filters / g.groups;
  const plane = g.outH * g.outW;
  if (threads < 2 || rows < 2 || rows * g.filters * plane * k < THREAD_MIN_WORK) return false;
  const cp = convPool();
  if (!cp) return false;
  const { pool, ex } = cp;
  pool.grow(threads - 1);
  const cpg = g.channels / g.groups;
  const inPer = g.channels * g.inH * g.inW;
  const outPer = g.filters * plane;
  const imgBytes = g.channels * hp * wp * 4;
  const sampleBytes = (padded ? inPer * 4 : 0) + imgBytes + outPer * 4;
  const slab = Math.max(threads, Math.floor(SLAB_BYTES / sampleBytes));
  for (let start = 0; start < rows; start += slab) {
    const n = Math.min(slab, rows - start);
    // Per sample range and group a chunk, each with its own C scratch: several per thread balance late workers.
    const ranges = Math.min(n, 4 * threads);
    const per = Math.ceil(n / ranges);
    const chunks = Math.ceil(n / per) * g.groups;
    const { w: wOff, bias: bOff, raw, xp, xpBytes } = inputRegions(g, k, n, hp, wp, padded);
    const cBytes = align16(opg * np * 4);
    const c0 = align16(xp + xpBytes);
    const yOff = align16(c0 + chunks * cBytes);
    const end = yOff + n * outPer * 4;
    const mem = pool.memory;
    if (end > mem.buffer.byteLength) mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE_BYTES));
    const heap = new Float32Array(mem.buffer);
    writeTapTable(mem.buffer, g, hp, wp);
    heap.set(w, wOff / 4);
    if (bias) heap.set(bias, bOff / 4);
    const xs = start === 0 && x.length === n * inPer ? x : x.subarray(start * inPer, (start + n) * inPer);
    if (padded) {
      heap.fill(0, xp / 4, (xp + xpBytes) / 4);
      heap.set(xs, raw / 4);
      ex.pad(raw, xp, n * g.channels, g.inH, g.inW, hp, wp, g.padTop, g.padLeft);
    } else {
      heap.set(xs, xp / 4);
      heap.fill(0, xp / 4 + n * inPer, (xp + xpBytes) / 4);
    }
    let chunk = 0;
    for (let s0 = 0; s0 < n; s0 += per) {
      const count = Math.min(per, n - s0);
      for (let gr = 0; gr < g.groups; gr++) {
        const args = pool.args(chunk);
        args[0] = xp + s0 * imgBytes + gr * cpg * hp * wp * 4;
        args[1] = imgBytes;
        args[2] = count;
        args[3] = wOff + gr * opg * k * 4;
        args[4] = opg;
        args[5] = k;
        args[6] = 0;
        args[7] = c0 + chunk * cBytes;
        args[8] = np;
        args[9] = g.outH;
        args[10] = g.outW;
        args[11] = wp;
        args[12] = bOff + gr * opg * 4;
        args[13] = bias ? 1 : 0;
        args[14] = yOff + (s0 * g.filters + gr * opg) * plane * 4;
        args[15] = outPer * 4;
        chunk++;
      }
    }
    pool.run(cp.forward, chunk, threads - 1);
    y.set(heap.subarray(yOff / 4, yOff / 4 + n * outPer), start * outPer);
  }
  return true;
}
