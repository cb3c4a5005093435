import { LazyKernel } from '../backend/cpu/kernel-switch';
import { WasmOptim } from '../backend/cpu/wasm/optim-kernel';
import { type AdamScalars, adamLoop, type SgdScalars, sgdLoop, sgdMomentumLoop } from './update-loops';

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
  if (k) k.update('sgd', p, g, null, null, [lr, wd]);
  else sgdLoop(p, g, lr, wd);
}

/** SGD with momentum buffer `b` (see {@link sgdMomentumLoop}); `first` on the parameter's first step. */
export function sgdMomentumUpdate(p: Float32Array, g: Float32Array, b: Float32Array, s: SgdScalars, first: boolean): void {
  const k = use(p.length);
  const { lr, wd, mu, keep, nesterov } = s;
  if (!k) sgdMomentumLoop(p, g, b, s, first);
  // Later heavy-ball steps, the common case, have an export without the lane selects.
  else if (first || nesterov) k.update('sgdMomentumAny', p, g, b, null, [lr, wd, mu, keep, +first, +nesterov]);
  else k.update('sgdMomentum', p, g, b, null, [lr, wd, mu, keep]);
}

/** Adam/AdamW with moments `m`, `v` (see {@link adamLoop}). */
export function adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamScalars): void {
  const k = use(p.length);
  if (k) k.update('adam', p, g, m, v, [s.b1, s.c1, s.b2, s.c2, s.shrink, s.stepSize, s.sqrtBc2, s.eps]);
  else adamLoop(p, g, m, v, s);
}
