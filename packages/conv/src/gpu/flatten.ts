import type { GpuLayerExecutor, GpuLayerProgram } from '@rectify/core';
import type { FlattenSettings } from '../flatten';

/** Flatten on the device: the rows are already flat, so values and gradients pass through. */
export const flattenGpu: GpuLayerExecutor<FlattenSettings> = Object.freeze({
  plan: (): GpuLayerProgram => ({
    // biome-ignore lint/correctness/useYield: flatten moves nothing on the device
    *forward(x) {
      return x;
    },
    // biome-ignore lint/correctness/useYield: flatten moves nothing on the device
    *backward(dy, _step, needInputGrad) {
      return needInputGrad ? dy : null;
    },
  }),
});
