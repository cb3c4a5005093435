import { dropoutCpu } from '../backend/cpu/executors/dropout';
import { dropoutGpu } from '../backend/gpu/dropout';
import { defineLayer } from '../layers/define';
import { type Dropout, dropoutDefinition } from '../layers/dropout';

/** The `dropout` layer plugin: its definition with the CPU and gpu executors. */
export const dropoutLayerPlugin = defineLayer({ ...dropoutDefinition, cpu: dropoutCpu, gpu: dropoutGpu });

/**
 * Inverted dropout (PyTorch semantics): in training, zeroes each element with probability `rate` and scales the rest
 * by `1 / (1 − rate)`, with masks drawn from the model's seeded generator; the identity in inference.
 * @example dropout(0.5)
 * @throws ValidationError when `rate` is not in [0, 1).
 */
export function dropout(rate: number): Dropout {
  return dropoutLayerPlugin.create({ rate });
}
