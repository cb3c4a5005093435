import { hasWasmSimd } from './simd-support';
import { wasmApi } from './wasm-api';

/**
 * The smallest module that uses relaxed SIMD: `(func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0)
 * (local.get 0) (local.get 0)))`. Engines without the relaxed-SIMD proposal (Node 20 without
 * `--experimental-wasm-relaxed-simd`, Firefox, Safari) reject it.
 */
const RELAXED_SIMD_PROBE = /* @__PURE__ */ new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 0, 32, 0, 253, 133, 2, 11,
]);

/** True when this engine has WebAssembly relaxed SIMD (`f32x4.relaxed_madd`). Never throws. */
export function hasWasmRelaxedSimd(): boolean {
  try {
    return hasWasmSimd() && (wasmApi()?.validate(RELAXED_SIMD_PROBE) ?? false);
  } catch {
    return false;
  }
}
