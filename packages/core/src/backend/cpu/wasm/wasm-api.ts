/**
 * The slice of the WebAssembly JS API the CPU kernels use. Core compiles without DOM typings, and the engine may
 * have no WebAssembly at all, so it is reached through `globalThis` and typed here.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A WebAssembly global as seen from JavaScript. */
export interface WasmGlobal {
  readonly value: unknown;
}

/** The constructors and functions of the `WebAssembly` namespace used here. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  /** A linear memory of `initial` 64 KiB pages, growable up to `maximum` pages when given; `shared` needs `maximum`. */
  Memory: new (descriptor: {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }) => WasmMemory;
}

/** The engine's `WebAssembly` namespace, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' && api !== null ? api : undefined;
}
