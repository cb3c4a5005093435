/**
 * The layout of the pool's control block, an Int32Array over a SharedArrayBuffer that the calling thread and the
 * workers read and write with Atomics. Shared by `pool.ts` and the worker program (`worker-source.ts`), which
 * receives these numbers in its first message.
 */
export const CONTROL = {
  /** The current job's generation (high bits) and the index of the next unclaimed chunk (low 16 bits). */
  CLAIM: 0,
  /** Chunks of the current job finished. */
  DONE: 1,
  /** Chunks in the current job. */
  CHUNKS: 2,
  /** Index of the function the job runs (in registration order across modules). */
  FN: 3,
  /** How many workers may take part (the session's thread count minus the calling thread). */
  WORKERS: 4,
  /** Workers ready to take chunks. */
  READY: 5,
  /** Bumped when a module is registered, so that sleeping workers return to their event loop and receive it. */
  EPOCH: 6,
  /** Workers blocked in Atomics.wait (the caller notifies only when some are). */
  SLEEPERS: 7,
  /** Chunks run by workers since the pool started (for tests and reports). */
  WORKER_CHUNKS: 8,
  /** 1 when a chunk threw in a worker; the message goes to the worker's console. */
  FAILED: 9,
  /** First int of the job's arguments: ARGS_PER_CHUNK ints per chunk. */
  ARGS: 16,
} as const;

/** Arguments a chunk's call passes (the function ignores those past its arity). */
export const ARGS_PER_CHUNK = 16;

/** Most chunks in one job. */
export const MAX_CHUNKS = 256;

/** Ints in the control block. */
export const CONTROL_INTS = CONTROL.ARGS + ARGS_PER_CHUNK * MAX_CHUNKS;

/** Chunk indexes use the low bits of CLAIM, generations the rest. */
export const CHUNK_BITS = 16;
