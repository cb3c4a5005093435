import { wasmApi } from './wasm-api';

/**
 * The smallest module that uses SIMD: `(func (result v128) (i8x16.popcnt (i8x16.splat (i32.const 0))))`.
 * Engines without WebAssembly SIMD reject it.
 */
const SIMD_PROBE = /* @__PURE__ */ new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when this engine has WebAssembly with the fixed-width SIMD proposal. Never throws. */
export function hasWasmSimd(): boolean {
  try {
    const api = wasmApi();
    return api !== undefined && typeof api.validate === 'function' && api.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
