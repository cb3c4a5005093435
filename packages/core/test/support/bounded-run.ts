import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What a probe case reports: how it ended and how much memory and time it took. */
export interface BoundedResult {
  /** The case returned normally. */
  readonly ok: boolean;
  /** The thrown error's class name (`ModelFormatError`, ...), when it threw. */
  readonly errorName?: string;
  /** The thrown error's `code`, when it has one. */
  readonly code?: string;
  /** The thrown error's message. */
  readonly message?: string;
  /** Whether the thrown error is a `RectifyError`. */
  readonly rectify?: boolean;
  /** Peak resident set size during the case minus the resident set size just before it, in MiB. */
  readonly rssGrowthMiB: number;
  /** Wall time of the case, in milliseconds (reported for context; tests do not time). */
  readonly ms: number;
}

/** One probe case: `prepare` builds the input outside the measurement, `run` is what is measured. */
export interface ProbeCase {
  prepare(): unknown;
  run(input: unknown): unknown;
}

const tsxLoader = createRequire(import.meta.url).resolve('tsx');

/**
 * Runs case `name` of the probe script `probe` in a child Node process whose V8 heap is capped at `heapMiB`, so a
 * case that allocates without bound kills the child (and fails the test with its stderr) instead of the test
 * runner. TypeScript runs through tsx with the given tsconfig (for the workspace's path aliases); `nodeFlags` are
 * extra Node options such as `--disallow-code-generation-from-strings`.
 */
export function runBounded(
  probe: string,
  name: string,
  options: { heapMiB: number; tsconfig: string; nodeFlags?: readonly string[] },
): BoundedResult {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${options.heapMiB}`, '--expose-gc', ...(options.nodeFlags ?? []), '--import', tsxLoader, probe, name],
    { encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: options.tsconfig }, timeout: 120_000, maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(
      `probe case ${name} died (status ${child.status}, signal ${child.signal}); stderr:\n${child.stderr.slice(-2000)}`,
    );
  }
  return JSON.parse(line) as BoundedResult;
}

/**
 * Resets the peak resident set size to the current one, so the peak read after a case is the case's own and not
 * the input preparation's (Linux: writing 5 to /proc/self/clear_refs resets VmHWM). False where unsupported.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The peak resident set size: VmHWM after {@link resetPeakRss}, else the process-lifetime maximum. */
function peakRssBytes(resettable: boolean): number {
  if (resettable) {
    const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * The body of a probe script: runs the case named by `process.argv[2]` and prints one JSON {@link BoundedResult}
 * line. The input is prepared, garbage is collected and the peak is reset before the resident set size is read, so the
 * growth measured is the case's own.
 */
export function probeMain(cases: Readonly<Record<string, ProbeCase>>): void {
  const name = process.argv[2] ?? '';
  const c = cases[name];
  if (!c) throw new Error(`unknown probe case "${name}"; known: ${Object.keys(cases).join(', ')}`);
  const input = c.prepare();
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const resettable = resetPeakRss();
  const t0 = performance.now();
  let result: Omit<BoundedResult, 'rssGrowthMiB' | 'ms'>;
  try {
    c.run(input);
    result = { ok: true };
  } catch (e) {
    const err = e as Error & { code?: unknown };
    result = {
      ok: false,
      errorName: err?.constructor?.name,
      code: typeof err?.code === 'string' ? err.code : undefined,
      message: String(err?.message).slice(0, 500),
      rectify: isRectifyError(err),
    };
  }
  const ms = performance.now() - t0;
  const rssGrowthMiB = Math.max(0, peakRssBytes(resettable) - before) / 2 ** 20;
  process.stdout.write(`${JSON.stringify({ ...result, rssGrowthMiB, ms })}\n`);
}

function isRectifyError(e: unknown): boolean {
  for (let p = e === null || typeof e !== 'object' ? null : Object.getPrototypeOf(e); p; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === 'RectifyError') return true;
  }
  return false;
}
