import { type ActivationPlugin, createRng } from '@rectify/core';
import { buildCases, type ConformanceCase, contextFor } from '../cases';
import { ResultBuilder } from '../result';
import type { CheckResult, ConformanceOptions } from '../types';

const WARMUP = 20;
/** A kernel that allocates an output-sized typed array per call grows external memory by length · 4 bytes per call. */
const MAX_ARRAY_BUFFER_GROWTH = 1 << 20;
/** A kernel allocating per element triggers hundreds of scavenges over the measured calls; a clean one, none. */
const MAX_GC_EVENTS = 4;

/** Calls per window of the small-array measurement, and windows (those with a garbage collection are discarded). */
const SMALL_CALLS = 2000;
const SMALL_WINDOWS = 6;
/** Measurements per kernel before a failure counts (see {@link measure}). */
const ATTEMPTS = 3;

/** Lets the engine's background compiler finish between attempts. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100));
}
/**
 * A clean kernel allocates nothing per call, but V8's tiers may box a number or two before a kernel is optimised
 * (up to 32 bytes per call seen); the smallest typed array, `new Float32Array(3)`, costs ~216 bytes of heap.
 */
const MAX_HEAP_BYTES_PER_CALL = 96;

interface MemoryProbe {
  arrayBuffers(): number;
  heapUsed(): number;
  countGc(during: () => void): Promise<number>;
  /** Runs each window and returns its heap growth, or undefined for a window during which the heap was collected. */
  heapGrowth(windows: number, window: () => void): Promise<(number | undefined)[]>;
}

async function probe(): Promise<MemoryProbe | undefined> {
  const proc = (globalThis as { process?: { memoryUsage?: () => { arrayBuffers: number }; versions?: { node?: string } } })
    .process;
  if (!proc?.memoryUsage || !proc.versions?.node) return undefined;
  const { PerformanceObserver, performance } = await import('node:perf_hooks');
  return {
    arrayBuffers: () => proc.memoryUsage!().arrayBuffers,
    heapUsed: () => (proc.memoryUsage!() as unknown as { heapUsed: number }).heapUsed,
    async heapGrowth(windows, window) {
      const gcTimes: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) gcTimes.push(e.startTime);
      });
      observer.observe({ entryTypes: ['gc'] });
      const spans: [number, number, number][] = [];
      for (let w = 0; w < windows; w++) {
        const t0 = performance.now();
        const before = (proc.memoryUsage!() as unknown as { heapUsed: number }).heapUsed;
        window();
        const after = (proc.memoryUsage!() as unknown as { heapUsed: number }).heapUsed;
        spans.push([t0, performance.now(), after - before]);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      return spans.map(([t0, t1, growth]) => (gcTimes.some((t) => t >= t0 && t <= t1) ? undefined : growth));
    },
    async countGc(during) {
      let count = 0;
      const start = performance.now();
      let end = Number.POSITIVE_INFINITY;
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.startTime >= start && e.startTime <= end) count++;
      });
      observer.observe({ entryTypes: ['gc'] });
      during();
      end = performance.now();
      // gc entries are delivered asynchronously.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      return count;
    },
  };
}

/**
 * Heuristic "no allocation per call" check (Node only): after a warm-up, calls each kernel `allocationCalls` times
 * on `allocationLength` elements and fails when `process.memoryUsage().arrayBuffers` grows by 1 MiB or more at any
 * point (a typed array per call) or when more than 4 garbage collections happen meanwhile (objects or boxed numbers
 * per element). Then, for small per-call arrays (one of `channels` floats lives on the V8 heap, not in array
 * buffers), calls each kernel 2000 times on one layout's worth of elements in several windows and fails when the
 * heap grows by more than 96 bytes per call in every window free of garbage collection. Each measurement is tried up
 * to 3 times, with a pause between, and the least result counts: code the optimising compiler has not reached yet
 * (on a loaded machine) boxes numbers, a real per-call allocation repeats every time. Runs the first and the last
 * case.
 */
export async function checkNoAllocation(plugin: ActivationPlugin, options: ConformanceOptions = {}): Promise<CheckResult> {
  const r = new ResultBuilder('allocation');
  try {
    const mem = await probe();
    if (!mem) {
      r.note('not measured: process.memoryUsage and node:perf_hooks are unavailable in this environment');
      return { ...r.done(), failures: [] };
    }
    const all = buildCases(plugin, options);
    const cases = all.length > 1 ? [all[0], all[all.length - 1]] : all;
    for (const c of cases) {
      await measure(plugin, c, options, mem, r);
      await measureSmall(plugin, c, mem, r);
    }
  } catch (e) {
    r.fail(`threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  return r.done();
}

/** One call of each kernel on `x` (and `dy`), with outputs and context allocated once, here. */
function kernelCalls(plugin: ActivationPlugin, c: ConformanceCase, x: Float32Array, dy: Float32Array) {
  const y = new Float32Array(x.length);
  const dx = new Float32Array(x.length);
  const ctx = contextFor(c, x.length);
  return {
    forward: () => plugin.cpu.forward(x, y, ctx),
    backward: () => plugin.cpu.backward(x, y, dy, dx, ctx),
  };
}

async function measure(
  plugin: ActivationPlugin,
  c: ConformanceCase,
  options: ConformanceOptions,
  mem: MemoryProbe,
  r: ResultBuilder,
) {
  const n = options.allocationLength ?? 100_000;
  const calls = options.allocationCalls ?? 200;
  const rng = createRng((options.seed ?? 1234) + 5);
  const x = new Float32Array(n);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 3 * rng.normal();
    dy[i] = rng.normal();
  }
  for (const [name, run] of Object.entries(kernelCalls(plugin, c, x, dy))) {
    for (let i = 0; i < WARMUP; i++) run();
    let growth = Number.POSITIVE_INFINITY;
    let gcs = Number.POSITIVE_INFINITY;
    // A kernel the optimising compiler has not reached yet (a loaded machine delays it) boxes numbers and collects
    // garbage although its optimised code allocates nothing; a real allocation repeats in every attempt, so the
    // least of a few attempts, with a pause for the compiler between them, is what counts.
    for (let attempt = 0; attempt < ATTEMPTS && (growth >= MAX_ARRAY_BUFFER_GROWTH || gcs > MAX_GC_EVENTS); attempt++) {
      if (attempt > 0) await pause();
      const base = mem.arrayBuffers();
      let grown = 0;
      const collected = await mem.countGc(() => {
        for (let i = 0; i < calls; i++) {
          run();
          grown = Math.max(grown, mem.arrayBuffers() - base);
        }
      });
      growth = Math.min(growth, grown);
      gcs = Math.min(gcs, collected);
    }
    r.expect(
      growth < MAX_ARRAY_BUFFER_GROWTH,
      () =>
        `${c.label}: ${name} on ${n} elements grew array-buffer memory by ${(growth / 2 ** 20).toFixed(1)} MiB over ${calls} calls; reuse buffers instead of allocating per call`,
    );
    r.expect(
      gcs <= MAX_GC_EVENTS,
      () =>
        `${c.label}: ${gcs} garbage collections during ${calls} ${name} calls on ${n} elements; the kernel allocates (per element or per call)`,
    );
  }
}

/** The small-array measurement: heap growth per call on a short input, the least over GC-free windows. */
async function measureSmall(plugin: ActivationPlugin, c: ConformanceCase, mem: MemoryProbe, r: ResultBuilder) {
  const n = 4 * c.channels * c.inner;
  const x = new Float32Array(n);
  const dy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = ((i * 7) % 11) - 5;
    dy[i] = ((i * 5) % 7) - 3;
  }
  for (const [name, run] of Object.entries(kernelCalls(plugin, c, x, dy))) {
    const window = () => {
      for (let i = 0; i < SMALL_CALLS; i++) run();
    };
    window();
    const clean: number[] = [];
    for (
      let attempt = 0;
      attempt < ATTEMPTS && !(clean.length > 0 && Math.min(...clean) <= MAX_HEAP_BYTES_PER_CALL * SMALL_CALLS);
      attempt++
    ) {
      if (attempt > 0) await pause();
      for (const g of await mem.heapGrowth(SMALL_WINDOWS, window)) if (g !== undefined) clean.push(g);
    }
    if (clean.length === 0) {
      r.note(`${c.label}: ${name}: every small-array window saw a garbage collection; not measured`);
      continue;
    }
    const perCall = Math.min(...clean) / SMALL_CALLS;
    r.expect(
      perCall <= MAX_HEAP_BYTES_PER_CALL,
      () =>
        `${c.label}: ${name} on ${n} elements allocates ~${Math.round(perCall)} bytes of heap per call (${SMALL_CALLS} calls, ` +
        'least of the windows without garbage collection): a small array or object per call; allocate it once, outside the kernel',
    );
  }
}
