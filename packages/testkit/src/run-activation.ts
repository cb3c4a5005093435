import type { ActivationPlugin, HyperParams, KernelContext } from '@rectify/core';
import { backwardOnCopies, forwardOnCopies } from './input-guard';

/** What {@link runActivation} returns. */
export interface ActivationRun {
  /** The forward outputs, one per input. */
  readonly y: number[];
  /** The input gradients for the upstream gradient given, one per input. */
  readonly dx: number[];
}

/**
 * Runs a plugin's CPU kernels once on `xs` as one channel, for table tests: forward, then backward with upstream
 * gradient `dys` (default all 1). Learnable parameters are shared and start at their `init` value. Returns `y` and
 * `dx` as plain arrays of the float32 results; a kernel that writes into an input throws an `InputWriteError`.
 */
export function runActivation(
  plugin: ActivationPlugin,
  xs: readonly number[],
  hyper: HyperParams = plugin.resolve(),
  dys?: readonly number[],
): ActivationRun {
  const n = xs.length;
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  for (const [name, spec] of Object.entries(plugin.learnable)) {
    params[name] = Float32Array.of(spec.init(hyper));
    grads[name] = new Float32Array(1);
  }
  const ctx: KernelContext = { length: n, channels: 1, inner: 1, hyper, params, grads };
  const x = Float32Array.from(xs);
  const y = new Float32Array(n);
  const dy = dys ? Float32Array.from(dys) : new Float32Array(n).fill(1);
  const dx = new Float32Array(n);
  forwardOnCopies(plugin, x, y, ctx);
  backwardOnCopies(plugin, x, y, dy, dx, ctx);
  return { y: Array.from(y), dx: Array.from(dx) };
}
