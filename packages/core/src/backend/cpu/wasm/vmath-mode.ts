import { KernelModeSetting } from '../kernel-switch';

/** Which implementation the element-wise math uses: `auto` (the default) and `wasm` pick WebAssembly SIMD when available. */
export type VmathKernelMode = 'auto' | 'wasm' | 'js';

/** The mode shared by the exp-based math (vmath.ts) and the rectifiers (rectifier.ts). */
export const vmathMode = /* @__PURE__ */ new KernelModeSetting();
