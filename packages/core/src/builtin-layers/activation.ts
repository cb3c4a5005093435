import type { ActivationPlugin, ConfiguredActivation } from '../activation/contract';
import { activationCpu } from '../backend/cpu/executors/activation';
import { activationGpu } from '../backend/gpu/activation';
import { type ActivationLayer, activationDefinition, activationSettings } from '../layers/activation-layer';
import { defineLayer } from '../layers/define';

/** The `activation` layer plugin: its definition with the CPU and gpu executors. */
export const activationLayerPlugin = defineLayer({ ...activationDefinition, cpu: activationCpu, gpu: activationGpu });

/**
 * An element-wise activation layer.
 * @example activation(relu)
 * @example activation(leakyRelu({ negativeSlope: 0.1 }))
 * @example activation('tanh') // looked up in the model's registry at build
 * @example activation(prelu, { numParameters: 16 })
 * @throws ValidationError when `spec` is none of those, hyper-parameters are given twice, or the plugin rejects them.
 */
export function activation(
  spec: ActivationPlugin | ConfiguredActivation | string,
  hyper?: Readonly<Record<string, number>>,
): ActivationLayer {
  return activationLayerPlugin.create(activationSettings(spec, hyper));
}
