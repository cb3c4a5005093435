import { denseCpu } from '../backend/cpu/executors/dense';
import { denseGpu } from '../backend/gpu/dense';
import { defineLayer } from '../layers/define';
import { type Dense, type DenseOptions, denseDefinition, denseSettings } from '../layers/dense';

/** The `dense` layer plugin: its definition with the CPU and gpu executors. */
export const denseLayerPlugin = defineLayer({ ...denseDefinition, cpu: denseCpu, gpu: denseGpu });

/**
 * A fully connected layer with `units` outputs: `y = x·W + b`, input `[batch, inputs]`.
 * @example dense(16, { kernelInitializer: heNormal() })
 * @throws ValidationError when `units` is not a positive integer or `useBias` is not a boolean.
 */
export function dense(units: number, options: DenseOptions = {}): Dense {
  return denseLayerPlugin.create(denseSettings(units, options));
}
