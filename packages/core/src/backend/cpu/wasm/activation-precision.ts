/**
 * Which arithmetic the CPU kernels of the exp-based activations (ELU, sigmoid, tanh) use. `float32` (the default)
 * runs the float32 SIMD math of vmath32.ts (a few ulp, like PyTorch's CPU kernels, several times faster); `float64`
 * runs the float64 SIMD math of vmath.ts (correctly rounded up to ~1e−13 relative of a rounding boundary).
 */
import { ValidationError } from '../../../errors';

/** The CPU arithmetic of the exp-based activations (see {@link setActivationPrecision}). */
export type ActivationPrecision = 'float32' | 'float64';

let precision: ActivationPrecision = 'float32';

/**
 * Chooses the arithmetic of the CPU forward kernels of ELU, sigmoid and tanh (and ELU's backward) for this process.
 * `float64` restores results faithful to `Math.exp`/`Math.expm1`/`Math.tanh` (docs/numerics.md) at ~3 ns per
 * element; `float32` (the default) is bounded by a few float32 ulps. Backward passes from the output (sigmoid, tanh)
 * are the same either way.
 * @deprecated Use `cpuBackend({ kernels: { activationPrecision: … } })`; this process-wide switch is removed in the next minor.
 */
export function setActivationPrecision(next: ActivationPrecision): void {
  if (next !== 'float32' && next !== 'float64') {
    throw new ValidationError(
      `setActivationPrecision: expected 'float32' or 'float64', got ${String(next)}; pass one of those two strings`,
    );
  }
  precision = next;
}

/** The arithmetic the CPU kernels of ELU, sigmoid and tanh use now (see {@link setActivationPrecision}). */
export function activationPrecision(): ActivationPrecision {
  return precision;
}
