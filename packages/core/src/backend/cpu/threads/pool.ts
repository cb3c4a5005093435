import type { WasmMemory } from '../wasm/wasm-api';
import { wasmApi } from '../wasm/wasm-api';
import { ARGS_PER_CHUNK, CHUNK_BITS, CONTROL, CONTROL_INTS, MAX_CHUNKS } from './control';
import { nodeProcess, threadSupport } from './support';
import { WORKER_SOURCE } from './worker-source';

/** A kernel function as called from JavaScript: integer arguments (byte offsets, sizes), no result. */
type KernelFn = (...args: number[]) => void;

interface PoolWorker {
  postMessage(message: unknown): void;
  unref?(): void;
  on?(event: 'error', listener: (e: unknown) => void): void;
  addEventListener?(event: 'error', listener: (e: { message?: string }) => void): void;
}

const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** Spins of the calling thread's wait for workers' chunks before it sleeps (where it may). */
const WAIT_SPINS = 2000;

let blocking: boolean | undefined;

/** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}
const GENERATIONS = 1 << (31 - CHUNK_BITS);

/**
 * Worker threads that run chunks of kernel calls on one shared WebAssembly memory (core's matrix products use one;
 * a layer plugin with its own WebAssembly kernel can create another: compile its module with
 * {@link withSharedMemoryImport}, {@link ThreadPool.register} it, then per call fill {@link ThreadPool.args} and
 * {@link ThreadPool.run}). Up to 16 integer arguments per chunk; a chunk must only write memory no other chunk of
 * the job touches. The calling thread publishes a
 * job (one kernel function, one argument list per chunk), takes chunks itself and waits until every chunk is done;
 * workers that are awake take the others. Which thread runs a chunk never changes what the chunk computes, so
 * results are bit-identical for any number of threads, including workers that are still starting (the caller then
 * runs every chunk).
 */
export class ThreadPool {
  /** The memory every kernel of the pool works on. */
  readonly memory: WasmMemory;
  private readonly control: Int32Array;
  private readonly workers: PoolWorker[] = [];
  private readonly fns: KernelFn[] = [];
  private readonly modules: { module: object; names: readonly string[] }[] = [];
  private generation = 0;

  private constructor(memory: WasmMemory, control: Int32Array) {
    this.memory = memory;
    this.control = control;
  }

  /** A pool with no workers yet, or the reason there cannot be one here. */
  static create(maxPages: number): ThreadPool | string {
    const support = threadSupport();
    if (!support.ok) return support.reason as string;
    const api = wasmApi() as NonNullable<ReturnType<typeof wasmApi>>;
    try {
      const memory = new api.Memory({ initial: 1, maximum: maxPages, shared: true });
      return new ThreadPool(memory, new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4)));
    } catch (e) {
      // Engines reserve a shared memory's maximum up front; a 32-bit or memory-capped one may refuse.
      return `the engine refused a shared WebAssembly memory of ${maxPages} pages (${e instanceof Error ? e.message : String(e)})`;
    }
  }

  /** Workers started so far. */
  get size(): number {
    return this.workers.length;
  }

  /** Workers that have received every module and take chunks. */
  get ready(): number {
    return Atomics.load(this.control, CONTROL.READY);
  }

  /** Chunks run by workers since the pool started. */
  get workerChunks(): number {
    return Atomics.load(this.control, CONTROL.WORKER_CHUNKS);
  }

  /**
   * Why a worker failed to start or stopped (a Content-Security-Policy without `worker-src blob:`, an engine limit),
   * if one did; the pool then keeps running chunks on the threads it has.
   */
  failure: string | undefined;

  /** Starts workers until there are `count` (they become ready asynchronously); stops at the first that cannot start. */
  grow(count: number): void {
    while (this.workers.length < count && this.failure === undefined) {
      let worker: PoolWorker;
      try {
        worker = spawn();
      } catch (e) {
        this.failure = `a worker thread could not start (${e instanceof Error ? e.message : String(e)})`;
        return;
      }
      const fail = (e: unknown) => {
        const message = (e as { message?: string })?.message ?? String(e);
        this.failure = `a worker thread failed (${message})`;
      };
      worker.on?.('error', fail);
      worker.addEventListener?.('error', fail);
      const index = this.workers.length;
      this.workers.push(worker);
      worker.postMessage({
        init: {
          control: this.control.buffer,
          memory: this.memory,
          index,
          layout: { ...CONTROL, ARGS_PER_CHUNK, CHUNK_BITS },
        },
      });
      this.modules.forEach(({ module, names }, i) => {
        worker.postMessage({ module, names, epoch: this.epochFor(i), first: i === this.modules.length - 1 });
      });
    }
  }

  /**
   * Instantiates a compiled module (whose memory import is shared) on the pool's memory, here and in every worker,
   * and returns the index of its first named export for {@link run} (the others follow in order).
   */
  register(module: object, names: readonly string[]): number {
    const api = wasmApi() as NonNullable<ReturnType<typeof wasmApi>>;
    const ex = new api.Instance(module, { env: { memory: this.memory } }).exports;
    const first = this.fns.length;
    for (const name of names) this.fns.push(ex[name] as KernelFn);
    this.modules.push({ module, names });
    const epoch = Atomics.add(this.control, CONTROL.EPOCH, 1) + 1;
    Atomics.notify(this.control, CONTROL.CLAIM);
    for (const worker of this.workers) worker.postMessage({ module, names, epoch, first: this.modules.length === 1 });
    return first;
  }

  /** The epoch a module registered as the `i`-th is sent with to a worker started later (the current one). */
  private epochFor(i: number): number {
    return i === this.modules.length - 1 ? Atomics.load(this.control, CONTROL.EPOCH) : -1;
  }

  /** The argument list of chunk `chunk`, to fill before {@link run}: ARGS_PER_CHUNK ints. */
  args(chunk: number): Int32Array {
    const start = CONTROL.ARGS + chunk * ARGS_PER_CHUNK;
    return this.control.subarray(start, start + ARGS_PER_CHUNK);
  }

  /**
   * Runs function `fn` once per chunk with the arguments filled through {@link args}, on this thread and up to
   * `workers` workers, and returns when every chunk is done.
   * @throws Error when a chunk failed in a worker (a kernel bug: its message is on the worker's console).
   */
  run(fn: number, chunks: number, workers: number): void {
    if (chunks > MAX_CHUNKS) throw new Error(`ThreadPool.run: ${chunks} chunks, at most ${MAX_CHUNKS}`);
    const c = this.control;
    this.generation = (this.generation + 1) % GENERATIONS;
    const gen = this.generation;
    Atomics.store(c, CONTROL.DONE, 0);
    Atomics.store(c, CONTROL.CHUNKS, chunks);
    Atomics.store(c, CONTROL.FN, fn);
    Atomics.store(c, CONTROL.WORKERS, workers);
    Atomics.store(c, CONTROL.CLAIM, gen << CHUNK_BITS);
    if (Atomics.load(c, CONTROL.SLEEPERS) > 0) Atomics.notify(c, CONTROL.CLAIM);
    const f = this.fns[fn];
    for (;;) {
      const w = Atomics.load(c, CONTROL.CLAIM);
      const i = w & CHUNK_MASK;
      if (i >= chunks) break;
      if (Atomics.compareExchange(c, CONTROL.CLAIM, w, w + 1) !== w) continue;
      const b = CONTROL.ARGS + i * ARGS_PER_CHUNK;
      f(
        c[b],
        c[b + 1],
        c[b + 2],
        c[b + 3],
        c[b + 4],
        c[b + 5],
        c[b + 6],
        c[b + 7],
        c[b + 8],
        c[b + 9],
        c[b + 10],
        c[b + 11],
        c[b + 12],
        c[b + 13],
        c[b + 14],
        c[b + 15],
      );
      Atomics.add(c, CONTROL.DONE, 1);
    }
    // Workers finish the chunks they took: spin briefly (a chunk takes microseconds), then sleep where this thread may
    // block, so that on a busy machine the wait does not take the core from the worker being waited for.
    let spins = 0;
    for (let done = Atomics.load(c, CONTROL.DONE); done < chunks; done = Atomics.load(c, CONTROL.DONE)) {
      if (++spins > WAIT_SPINS && canBlock()) Atomics.wait(c, CONTROL.DONE, done, 1);
    }
    if (Atomics.load(c, CONTROL.FAILED) !== 0) {
      Atomics.store(c, CONTROL.FAILED, 0);
      throw new Error('ThreadPool.run: a kernel chunk failed in a worker thread (see its console output)');
    }
  }
}

function spawn(): PoolWorker {
  const node = nodeProcess();
  if (node?.getBuiltinModule) {
    const { Worker } = node.getBuiltinModule('node:worker_threads') as {
      Worker: new (source: string, options: { eval: boolean }) => PoolWorker;
    };
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref?.();
    return worker;
  }
  const g = globalThis as unknown as {
    Worker: new (url: string) => PoolWorker;
    Blob: new (parts: string[], options: { type: string }) => object;
    URL: { createObjectURL(blob: object): string };
  };
  return new g.Worker(g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' })));
}
