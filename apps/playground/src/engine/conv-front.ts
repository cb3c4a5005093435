import { type Initializer, type Layer, type Registry, ValidationError, activation } from '@rectify/core';
import { avgPool2d, conv2d, flatten, maxPool2d } from '@rectify/conv';
import type { ConvStage } from '../state/types';

/**
 * The convolutional front of a network: each conv stage is `conv2d → activation`, each pool stage a max or average
 * pool with stride equal to its size, then one flatten so the dense layers read a vector. `kernelInit` makes a
 * fresh initialiser per conv layer (fans C·k·k as PyTorch's).
 */
export function convFront(stages: readonly ConvStage[], kernelInit: () => Initializer, registry: Registry): Layer[] {
  const layers: Layer[] = [];
  stages.forEach((s, i) => {
    if (s.kind === 'pool') {
      layers.push(s.pool === 'max' ? maxPool2d(s.size) : avgPool2d(s.size));
      return;
    }
    if (!registry.hasActivation(s.activation)) {
      throw new ValidationError(
        `convolution stage ${i + 1}: activation "${s.activation}" is not registered; pick a registered one such as relu`,
      );
    }
    layers.push(conv2d(s.channels, s.kernel, { strides: s.stride, padding: s.padding, kernelInitializer: kernelInit() }));
    layers.push(activation(registry.activation(s.activation)));
  });
  layers.push(flatten());
  return layers;
}
