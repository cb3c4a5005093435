import { ValidationError } from '../../errors';
import { fmaUnavailableReason, RELAXED_SIMD_FIX } from './kernel-info';
import type { MatmulFma } from './matmul';

/**
 * Validates `cpuBackend({ fma })` and returns the choice (`'auto'` when omitted). `true` where the engine cannot run
 * the fused multiply-add kernel throws, naming why and the fix, rather than silently running the plain kernel.
 */
export function checkFmaOption(fma: unknown): MatmulFma {
  if (fma === undefined) return 'auto';
  if (fma !== 'auto' && fma !== true && fma !== false) {
    throw new ValidationError(`cpuBackend: fma must be 'auto', true or false, got ${String(fma)}`);
  }
  if (fma === true) {
    const missing = fmaUnavailableReason();
    if (missing !== undefined) {
      throw new ValidationError(
        `cpuBackend: fma: true needs WebAssembly relaxed SIMD, but ${missing}; ${RELAXED_SIMD_FIX}`,
        'FMA_UNAVAILABLE',
      );
    }
  }
  return fma;
}
