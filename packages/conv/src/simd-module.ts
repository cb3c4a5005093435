/** The slice of the `WebAssembly` namespace the SIMD kernels use (reached through `globalThis`: it may be absent). */
interface WasmNamespace {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
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
 * its own memory. Null instances without WebAssembly SIMD or when compiling is refused (a strict CSP): the layers
 * then run their plain-JavaScript kernels.
 */
export class SimdModule<T> {
  private module: object | null | undefined;

  constructor(private readonly base64: string) {}

  /** A new instance's exports, or null where the module cannot run. */
  instance(): T | null {
    const api = (globalThis as { WebAssembly?: WasmNamespace }).WebAssembly;
    if (!api) return null;
    try {
      if (this.module === undefined) {
        const bytes = Uint8Array.from(atob(this.base64), (ch) => ch.charCodeAt(0));
        this.module = api.validate(bytes) ? new api.Module(bytes) : null;
      }
      return this.module && (new api.Instance(this.module, {}).exports as T);
    } catch {
      this.module = null;
      return null;
    }
  }
}
