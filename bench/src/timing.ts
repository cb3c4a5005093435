/** How long to sample a benchmark case. */
export interface MeasureOptions {
  /** Untimed calls first (JIT tier-up, wasm tier-up, buffer warm-up). Default 3. */
  readonly warmup?: number;
  /** At least this many timed samples. Default 5. */
  readonly minSamples?: number;
  /** Keep warming up (after `warmup` calls) until this many milliseconds have passed. Default 0. */
  readonly warmupMs?: number;
  /** Keep sampling until this many milliseconds have been spent, at most `maxSamples`. Default 300. */
  readonly minTimeMs?: number;
  /** Stop after this many samples. Default 200. */
  readonly maxSamples?: number;
}

/** Median and spread of one case, in milliseconds per call. */
export interface Measurement {
  readonly medianMs: number;
  readonly minMs: number;
  readonly samples: number;
}

/** Reads the options with their defaults. */
function settings(options: MeasureOptions) {
  return {
    warmup: options.warmup ?? 3,
    warmupMs: options.warmupMs ?? 0,
    minSamples: options.minSamples ?? 5,
    minTimeMs: options.minTimeMs ?? 300,
    maxSamples: options.maxSamples ?? 200,
  };
}

/** Median and minimum of the samples (sorts them in place). */
function summarise(times: number[]): Measurement {
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { medianMs, minMs: times[0], samples: times.length };
}

/**
 * Times `fn` call by call and returns the median: robust against the other jobs sharing this machine's cores.
 * `fn` may return a promise (awaited inside the timed region).
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  const o = settings(options);
  const warmStart = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warmStart < o.warmupMs; i++) await fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < o.minSamples || (spent < o.minTimeMs && times.length < o.maxSamples)) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return summarise(times);
}

/** Same as {@link measure} for a synchronous function, without the await in the timed region. */
export function measureSync(fn: () => unknown, options: MeasureOptions = {}): Measurement {
  const o = settings(options);
  const warmStart = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - warmStart < o.warmupMs; i++) fn();
  const times: number[] = [];
  let spent = 0;
  while (times.length < o.minSamples || (spent < o.minTimeMs && times.length < o.maxSamples)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
  }
  return summarise(times);
}
