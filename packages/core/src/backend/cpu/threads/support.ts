import { wasmApi } from '../wasm/wasm-api';

/** What the engine offers for running kernels on several threads. */
export interface ThreadSupport {
  /** True when worker threads can share WebAssembly memory here. */
  readonly ok: boolean;
  /** Why not, as a sentence naming the fix, when `ok` is false. */
  readonly reason?: string;
}

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  versions?: { node?: string };
}

/** Node's process object, when running under Node. */
export function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p?.versions?.node === 'string' ? p : undefined;
}

/** Whether this engine can run the thread pool, and if not, why. */
export function threadSupport(): ThreadSupport {
  const g = globalThis as { SharedArrayBuffer?: unknown; Atomics?: unknown; crossOriginIsolated?: boolean; Worker?: unknown };
  const node = nodeProcess();
  if (typeof g.SharedArrayBuffer !== 'function' || typeof g.Atomics !== 'object') {
    return {
      ok: false,
      reason:
        g.crossOriginIsolated === false
          ? 'the page is not cross-origin isolated, so it has no SharedArrayBuffer; serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp'
          : 'this engine has no SharedArrayBuffer or Atomics',
    };
  }
  const api = wasmApi();
  if (!api || typeof api.Memory !== 'function') return { ok: false, reason: 'this engine has no WebAssembly' };
  if (node) {
    if (typeof node.getBuiltinModule !== 'function')
      return { ok: false, reason: 'this Node.js lacks process.getBuiltinModule; run Node 20.16 or later' };
  } else if (typeof g.Worker !== 'function') {
    return { ok: false, reason: 'this engine has no Web Workers' };
  }
  try {
    new api.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    return {
      ok: false,
      reason: `a shared WebAssembly memory cannot be created here (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  return { ok: true };
}

/** How many cores this machine offers (Node's `os.availableParallelism()`, `navigator.hardwareConcurrency`), at least 1. */
export function availableCores(): number {
  const node = nodeProcess();
  if (node?.getBuiltinModule) {
    const os = node.getBuiltinModule('node:os') as { availableParallelism?(): number; cpus(): unknown[] };
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, Math.floor(nav?.hardwareConcurrency ?? 1));
}
