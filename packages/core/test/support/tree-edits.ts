/** A path into a tree of plain objects and arrays: keys and indices from the root. */
export type TreePath = readonly (string | number)[];

/**
 * Every path in a tree of plain objects and arrays (the root's included), for fuzzers that replace one value.
 * Only the first `maxItems` items of each array are visited; `Uint8Array`s are leaves.
 */
export function treePaths(value: unknown, maxItems: number, prefix: TreePath = [], out: TreePath[] = []): TreePath[] {
  out.push(prefix);
  if (value instanceof Uint8Array) return out;
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, maxItems); i++) treePaths(value[i], maxItems, [...prefix, i], out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) treePaths(v, maxItems, [...prefix, k], out);
  }
  return out;
}

/** A deep copy of `root` with the value at `path` replaced (the root itself for an empty path). */
export function replaceAt(root: unknown, path: TreePath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

/** Longest a single fuzz case may take before it counts as a hang (generous: the machine is shared). */
export const FUZZ_CASE_BUDGET_MS = 2000;

/**
 * Runs one fuzz case: it must return or throw an error that `isExpected` accepts (a RectifyError), within
 * {@link FUZZ_CASE_BUDGET_MS}; otherwise this throws, failing the property with the cause.
 */
export function expectCleanOutcome(run: () => void, isExpected: (e: unknown) => boolean): void {
  const t0 = performance.now();
  try {
    run();
  } catch (e) {
    if (!isExpected(e)) throw new Error(`not a RectifyError: ${(e as Error)?.stack ?? String(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > FUZZ_CASE_BUDGET_MS) throw new Error(`took ${ms.toFixed(0)} ms, over the ${FUZZ_CASE_BUDGET_MS} ms budget`);
}
