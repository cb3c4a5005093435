import { ValidationError } from '../../errors';
import { type MatmulKernelMode, setMatmulKernel } from './matmul';
import { type ActivationPrecision, setActivationPrecision } from './wasm/activation-precision';
import { setVmathKernel } from './wasm/vmath';
import type { VmathKernelMode } from './wasm/vmath-mode';
import { setVmath32Kernel, type Vmath32KernelMode } from './wasm/vmath32';

/** Which CPU kernels a {@link cpuBackend} session runs; an omitted field keeps the process-wide default. */
export interface CpuKernelOptions {
  /** The matrix products: `auto` (WebAssembly SIMD from a few thousand multiply-adds), `wasm` or `js`. */
  readonly matmul?: MatmulKernelMode;
  /** The float64 element-wise math and the rectifiers: `auto`/`wasm` (WebAssembly SIMD) or `js`. */
  readonly vmath?: VmathKernelMode;
  /** The float32 element-wise math: `auto`/`wasm` (WebAssembly SIMD) or `js`. */
  readonly vmath32?: Vmath32KernelMode;
  /** The arithmetic of the exp-based activations (ELU, sigmoid, tanh): `float32` (default) or `float64`. */
  readonly activationPrecision?: ActivationPrecision;
}

const MODES = ['auto', 'wasm', 'js'];

function checkMode(field: string, value: unknown): void {
  if (value !== undefined && !MODES.includes(value as string)) {
    throw new ValidationError(`cpuBackend: kernels.${field} must be 'auto', 'wasm' or 'js', got ${String(value)}`);
  }
}

/** Validates the options once and returns what applies them; null when they change nothing. */
export function kernelApplier(options: CpuKernelOptions | undefined): (() => void) | null {
  if (options === undefined) return null;
  if (typeof options !== 'object' || options === null) throw new ValidationError('cpuBackend: kernels must be an object');
  const { matmul, vmath, vmath32, activationPrecision } = options;
  checkMode('matmul', matmul);
  checkMode('vmath', vmath);
  checkMode('vmath32', vmath32);
  if (activationPrecision !== undefined && activationPrecision !== 'float32' && activationPrecision !== 'float64') {
    throw new ValidationError(
      `cpuBackend: kernels.activationPrecision must be 'float32' or 'float64', got ${String(activationPrecision)}`,
    );
  }
  // The kernels read process-wide switches: a session sets its choices before each call it runs.
  return () => {
    if (matmul !== undefined) setMatmulKernel(matmul);
    if (vmath !== undefined) setVmathKernel(vmath);
    if (vmath32 !== undefined) setVmath32Kernel(vmath32);
    if (activationPrecision !== undefined) setActivationPrecision(activationPrecision);
  };
}
