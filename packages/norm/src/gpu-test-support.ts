// Runs the norm gpu.js kernel sources on a real gpu.js instance for the tests: every mode in GPU_TEST_MODES must
// work (headlessgl needs a display: the package's test script runs under xvfb-run).
import * as gpujs from 'gpu.js';

type Kernel = ((...args: unknown[]) => unknown) & {
  destroy?: () => void;
  kernel: { constructor: { name: string } };
};
interface Gpu {
  createKernel(source: string, settings: Record<string, unknown>): Kernel;
  destroy(): unknown;
}
const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as unknown as new (settings: {
  mode: string;
}) => Gpu;

/** The gpu.js modes the kernels are checked in, every one Node offers: headless-gl (shaders), WebAssembly and CPU. */
export const GPU_TEST_MODES = ['headlessgl', 'webasm', 'cpu'] as const;

/** A 2-D `[rows][cols]` view of a flat row-major array, as gpu.js kernels take it. */
export function rowsOf(flat: Float32Array, cols: number): Float32Array[] {
  return Array.from({ length: flat.length / cols }, (_, r) => flat.subarray(r * cols, (r + 1) * cols));
}

/** Compiles and runs one kernel in `mode` (single precision) and returns its output flattened. */
export function runKernel(
  mode: string,
  source: string,
  output: number[],
  constants: Record<string, number>,
  args: unknown[],
): Float32Array {
  const gpu = new GPU({ mode });
  try {
    const kernel = gpu.createKernel(source, { output, constants, precision: 'single', tactic: 'precision' });
    const out = kernel(...args) as ArrayLike<number> | ArrayLike<number>[];
    // gpu.js swaps in its CPU kernel when a shader cannot be built; that must fail here, not pass as "GPU".
    const ran = kernel.kernel.constructor.name;
    const expected = { headlessgl: 'HeadlessGLKernel', webasm: 'WebAssemblyKernel', cpu: 'CPUKernel' }[mode];
    if (ran !== expected) throw new Error(`asked for ${mode}, ${ran} ran`);
    kernel.destroy?.();
    const flat: number[] = [];
    if (output.length === 1) flat.push(...Array.from(out as ArrayLike<number>));
    else for (const row of out as ArrayLike<number>[]) flat.push(...Array.from(row));
    return Float32Array.from(flat);
  } finally {
    gpu.destroy();
  }
}
