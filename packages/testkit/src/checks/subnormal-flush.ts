import type { GpuJsInstance } from '../types';

/** The smallest positive normal float32: anything of smaller magnitude (and not 0) is subnormal. */
export const FLT_MIN = 2 ** -126;

/** A probe product, 2^−70 · 2^−70 = 2^−140: subnormal in float32, 0 where the device flushes subnormals. */
const PROBE_FACTOR = 2 ** -70;

/**
 * Whether kernels compiled by `gpu` flush float32 subnormals to zero, as Mesa's software GL (headless-gl under Xvfb)
 * does: a known property of such a mode, documented in docs/numerics.md. Probed, not guessed from the mode name, by
 * one kernel multiplying two normal numbers whose product is subnormal.
 */
export function flushesSubnormals(gpu: GpuJsInstance): boolean {
  const product = new Function('a', 'b', 'return a[this.thread.x] * b[this.thread.x];');
  const kernel = gpu.createKernel(product as never, { output: [1], precision: 'single' } as never);
  try {
    const factor = Float32Array.of(PROBE_FACTOR);
    const out = (kernel as unknown as (...a: unknown[]) => ArrayLike<number>)(factor, factor);
    return out[0] === 0;
  } finally {
    kernel.destroy?.();
  }
}

/** A copy of `values` with every subnormal replaced by a zero of the same sign: what a flushing device computes on. */
export function flushSubnormals(values: Float32Array): Float32Array {
  return values.map((v) => (v !== 0 && Math.abs(v) < FLT_MIN ? (v < 0 ? -0 : 0) : v));
}

/** How many of `values` are subnormal. */
export function countSubnormals(values: Float32Array): number {
  let count = 0;
  for (const v of values) if (v !== 0 && Math.abs(v) < FLT_MIN) count++;
  return count;
}
