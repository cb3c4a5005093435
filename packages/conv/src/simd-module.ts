/** The slice of the `WebAssembly` namespace the SIMD kernels use (reached through `globalThis`: it may be absent). */
interface WasmNamespace {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number }) => KernelMemory;
}

/** A kernel module's memory as seen from JavaScript. */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;

/** Grows `memory` to at least `bytes`. */
export function ensureBytes(memory: KernelMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}

/**
 * A base64-encoded WebAssembly SIMD module, compiled on first use and once per process; every `instance()` gets
 * its own memory (created here and imported when the module was built with `maxPages`, else the module's own). Null
 * instances without WebAssembly SIMD or when compiling is refused (a strict CSP): the layers then run their
 * plain-JavaScript kernels.
 */
export class SimdModule<T> {
  private module: object | null | undefined;
  private shared: object | null | undefined;

  /** `maxPages`: the module imports `env.memory` with this maximum. */
  constructor(
    private readonly base64: string,
    private readonly maxPages?: number,
  ) {}

  private bytes(): Uint8Array {
    return Uint8Array.from(atob(this.base64), (ch) => ch.charCodeAt(0));
  }

  /** The module compiled once (null: it cannot run here; compile errors such as a strict CSP's count as that). */
  private compiled(api: WasmNamespace): object | null {
    if (this.module === undefined) {
      try {
        const bytes = this.bytes();
        this.module = api.validate(bytes) ? new api.Module(bytes) : null;
      } catch {
        this.module = null;
      }
    }
    return this.module;
  }

  /** A new instance's exports (with its memory), or null where the module cannot run. */
  instance(): (T & { readonly memory: KernelMemory }) | null {
    const api = (globalThis as { WebAssembly?: WasmNamespace }).WebAssembly;
    const module = api ? this.compiled(api) : null;
    if (!api || !module) return null;
    try {
      if (this.maxPages === undefined) return new api.Instance(module, {}).exports as T & { memory: KernelMemory };
      const memory = new api.Memory({ initial: 1, maximum: this.maxPages });
      const ex = new api.Instance(module, { env: { memory } }).exports as T;
      return { ...ex, memory };
    } catch {
      this.module = null;
      return null;
    }
  }

  /**
   * The module compiled with its memory import declared shared (core's `withSharedMemoryImport`), for a thread pool,
   * or null where it cannot run.
   */
  sharedModule(flip: (bytes: Uint8Array) => Uint8Array): object | null {
    const api = (globalThis as { WebAssembly?: WasmNamespace }).WebAssembly;
    if (!api || this.maxPages === undefined || !this.compiled(api)) return null;
    if (this.shared === undefined) {
      try {
        this.shared = new api.Module(flip(this.bytes()));
      } catch {
        this.shared = null;
      }
    }
    return this.shared;
  }
}
