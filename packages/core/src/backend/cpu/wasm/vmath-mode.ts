/** Which implementation the element-wise math uses: `auto` (the default) and `wasm` pick WebAssembly SIMD when available. */
export type VmathKernelMode = 'auto' | 'wasm' | 'js';

let mode: VmathKernelMode = 'auto';

/** The current mode, shared by the exp-based math (vmath.ts) and the rectifiers (rectifier.ts). */
export function getVmathMode(): VmathKernelMode {
  return mode;
}

/** Sets the mode for this process. */
export function setVmathMode(next: VmathKernelMode): void {
  mode = next;
}
