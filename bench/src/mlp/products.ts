import { allocKernelFloats, matmul, matmulTransA, matmulTransB } from '@rectify/core';
import { BATCH, type MlpWeights, MLP_SIZES } from './weights';

/** The matrix products of the benchmark MLP's forward pass and training step, and nothing else. */
export interface MlpProducts {
  /** `x·W` of each layer. */
  forward(): void;
  /** The forward's products, then per layer `xᵀ·dy` (accumulated into the kernel gradient) and `dy·Wᵀ` (not for the first layer, as the model skips it). */
  step(): void;
}

/**
 * The products a `model.predict` / `model.trainBatch` of the MLP runs, on the same shapes and the same kind of
 * operands (layer buffers in kernel memory, parameters in plain arrays), through core's public matrix functions: a
 * floor for those calls, since every other part of them (bias, activation, loss, optimizer, checks) only adds.
 * They run with the thread count and FMA setting that the last CPU-backend call applied to core's kernels.
 */
export function mlpProducts(weights: MlpWeights): MlpProducts {
  const sizes = MLP_SIZES;
  const layers = sizes.length - 1;
  const acts = sizes.map((d, l) => {
    const a = allocKernelFloats(BATCH * d);
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i + l) * 0.5;
    return a;
  });
  const grads = sizes.map((d) => allocKernelFloats(BATCH * d));
  const kernelGrads = weights.kernels.map((k) => new Float32Array(k.length));
  const forward = () => {
    for (let l = 0; l < layers; l++) matmul(acts[l], weights.kernels[l], acts[l + 1], BATCH, sizes[l], sizes[l + 1]);
  };
  return {
    forward,
    step() {
      forward();
      for (let l = layers - 1; l >= 0; l--) {
        matmulTransA(acts[l], grads[l + 1], kernelGrads[l], BATCH, sizes[l], sizes[l + 1], true);
        if (l > 0) matmulTransB(grads[l + 1], weights.kernels[l], grads[l], BATCH, sizes[l + 1], sizes[l]);
      }
    },
  };
}
