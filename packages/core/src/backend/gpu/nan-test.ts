/**
 * A gpu.js expression that is true exactly when `e` is NaN, on every gpu.js mode.
 *
 * `e != e` alone is not enough: WGSL leaves NaN comparisons to the implementation, and Tint (Chromium's WebGPU,
 * SwiftShader included) compiles float `!=` to an ordered not-equal, which is false for NaN, so `e != e` never
 * fires there. Its ordered `==` is false for NaN, so `!(e == e)` catches it. GLSL compilers (WebGL2, Mesa's
 * headless-gl) use an unordered `!=` and catch NaN with `e != e`. The disjunction is true for NaN under either
 * convention and false for every other value, ±Infinity included. `e` must be a side-effect-free expression.
 */
export function gpuIsNaNTest(e: string): string {
  return `(${e} != ${e} || !(${e} == ${e}))`;
}
