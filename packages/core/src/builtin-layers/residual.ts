import { residualCpu } from '../backend/cpu/executors/residual';
import { residualGpu } from '../backend/gpu/residual';
import type { Layer } from '../layers/contract';
import { defineLayer } from '../layers/define';
import { type Residual, type ResidualOptions, residualDefinition } from '../layers/residual';

/** The `residual` layer plugin: its definition with the CPU and gpu executors. */
export const residualLayerPlugin = defineLayer({ ...residualDefinition, cpu: residualCpu, gpu: residualGpu });

/**
 * A residual block `out = body(x) + skip(x)`.
 * @example residual([dense(16), activation(relu), dense(16)])
 * @throws ValidationError when `layers` is empty or `projection` is not a boolean.
 */
export function residual(layers: readonly Layer[], options: ResidualOptions = {}): Residual {
  return residualLayerPlugin.create({ layers, projection: options.projection });
}
