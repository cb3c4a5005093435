/** Which implementation a family of CPU kernels uses: `auto` and `wasm` pick WebAssembly SIMD when available. */
export type KernelMode = 'auto' | 'wasm' | 'js';

/** A process-wide kernel mode; several kernel families may read the same one. */
export class KernelModeSetting {
  /** The current mode (`auto` until set). */
  mode: KernelMode = 'auto';
}

/** Every kernel a {@link LazyKernel} has created in this process (for memory accounting). */
const created: { readonly memoryBytes?: number }[] = [];

/** Bytes of the scratch memories of every kernel created so far (those that report `memoryBytes`). */
export function lazyKernelScratchBytes(): number {
  let bytes = 0;
  for (const k of created) bytes += k.memoryBytes ?? 0;
  return bytes;
}

/**
 * A WebAssembly kernel compiled on first use (null for good without WebAssembly SIMD), behind the mode setting
 * that can switch it off. Compiling is deferred so that importing core never touches WebAssembly.
 */
export class LazyKernel<K> {
  private kernel: K | null | undefined;
  private readonly create: () => K | null;
  /** The mode this kernel obeys. */
  readonly setting: KernelModeSetting;

  constructor(create: () => K | null, setting = new KernelModeSetting()) {
    this.create = create;
    this.setting = setting;
  }

  /** The kernel unless the mode is `js`; null also without WebAssembly SIMD. */
  enabled(): K | null {
    if (this.setting.mode === 'js') return null;
    if (this.kernel === undefined) {
      this.kernel = this.create();
      if (this.kernel !== null) created.push(this.kernel as { readonly memoryBytes?: number });
    }
    return this.kernel;
  }

  /** What the kernels run on here: `wasm-simd` when the kernel is available and not disabled, else `js`. */
  runsOn(): 'wasm-simd' | 'js' {
    return this.enabled() ? 'wasm-simd' : 'js';
  }
}
