import { LazyKernel } from '../backend/cpu/kernel-switch';
import { type AdamScalars, type SgdScalars, WasmOptim } from '../backend/cpu/wasm/optim-kernel';
import { adamLoop, sgdLoop, sgdMomentumLoop } from './update-loops';

/**
 * Shortest parameter the updates run in WebAssembly; below it the JavaScript loop (bit-identical) is faster than
 * the copies in and out.
 */
export const OPTIM_MIN_LENGTH = 128;

const kernel = /* @__PURE__ */ new LazyKernel(WasmOptim.create);

/** What the optimizer updates run on here: `wasm-simd` where WebAssembly SIMD is available, else `js`. */
export function optimizerKernel(): 'wasm-simd' | 'js' {
  return kernel.runsOn();
}

function use(length: number): WasmOptim | null {
  return length < OPTIM_MIN_LENGTH ? null : kernel.enabled();
}

/** Plain SGD: `p = p − lr·(g + wd·p)`. */
export function sgdUpdate(p: Float32Array, g: Float32Array, lr: number, wd: number): void {
  const k = use(p.length);
  if (k) k.sgd(p, g, lr, wd);
  else sgdLoop(p, g, lr, wd);
}

/** SGD with momentum buffer `b` (see {@link sgdMomentumLoop}); `first` on the parameter's first step. */
export function sgdMomentumUpdate(p: Float32Array, g: Float32Array, b: Float32Array, s: SgdScalars, first: boolean): void {
  const k = use(p.length);
  if (k) k.sgdMomentum(p, g, b, s, first);
  else sgdMomentumLoop(p, g, b, s, first);
}

/** Adam/AdamW with moments `m`, `v` (see {@link adamLoop}). */
export function adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
  const k = use(p.length);
  if (k) k.adam(p, g, m, v, s);
  else adamLoop(p, g, m, v, s);
}
