import type { GpuActivationKernels } from '@rectify/core';

/**
 * gpu.js kernel functions of ReLU. GLSL compilers may turn `x > 0 ? x : 0` into `max(x, 0)`, which drops NaN, so
 * NaN is tested first (`x !== x` compiles to `x != x`, which Mesa keeps). `Infinity` must not appear as a literal
 * (gpu.js turns it into the largest finite float); an uncapped ReLU receives `cap` as an infinite uniform, and the
 * backward pass treats a cap above 3e38 as no cap so that ReLU'(+∞) stays 1.
 *
 * The forward keeps −0 (`x < 0 ? 0 : …` lets −0 through, PyTorch's relu(−0) = −0) and the backward returns +0 for
 * x ≤ 0, as the CPU kernels do.
 *
 * gpu.js compiles the function source as the app's bundler left it. Every branch is a ternary that selects a
 * number (`cond ? dy : 0.0`), never `dy * (cond ? 1.0 : 0.0)`: minifiers (Vite's Oxc) rewrite `cond ? 1 : 0` to
 * `+cond`, and gpu.js rejects arithmetic on a boolean ("Unhandled binary expression between Number & Boolean").
 */
export const reluGpu: GpuActivationKernels = {
  forward: function reluForward(x: number, cap: number): number {
    return x !== x ? x : x < 0.0 ? 0.0 : Math.min(x, cap);
  },
  backward: function reluBackward(x: number, _y: number, dy: number, cap: number): number {
    return x !== x ? x : x > 0.0 && (x < cap || cap > 3.0e38) ? dy : 0.0;
  },
};
