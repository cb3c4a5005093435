import { defineActivation, type HyperParams } from '@rectify/core';
import { leakyReluCpu } from './cpu-kernels';
import { leakyReluGpu } from './gpu-kernels';

/** Float64 Leaky ReLU, the independent truth for tests. */
function leakyReluReference(x: number, hyper: HyperParams<'negativeSlope'>): number {
  return x > 0 ? x : hyper.negativeSlope * x;
}

/**
 * Leaky ReLU, `x > 0 ? x : negativeSlope·x`, with PyTorch's default slope 0.01 and d/dx(0) = negativeSlope.
 *
 * @example
 * activation(leakyRelu)                            // negativeSlope 0.01
 * activation(leakyRelu({ negativeSlope: 0.2 }))    // TensorFlow.js's default
 */
export const leakyRelu = defineActivation({
  name: 'leaky-relu',
  apiVersion: 1,
  package: '@rectify/leaky-relu',
  version: '0.1.0',
  displayName: 'Leaky ReLU',
  params: {
    negativeSlope: { default: 0.01, min: 0, description: 'Slope for x <= 0 (PyTorch 0.01, Keras 0.3, TensorFlow.js 0.2).' },
  },
  cpu: leakyReluCpu,
  gpu: leakyReluGpu,
  atZero: { dx: (hyper) => hyper.negativeSlope },
  initGain: (hyper) => Math.sqrt(2 / (1 + hyper.negativeSlope ** 2)),
  reference: leakyReluReference,
  export: { onnx: (hyper) => ({ opType: 'LeakyRelu', sinceVersion: 16, attributes: { alpha: hyper.negativeSlope } }) },
  onnx: {
    import: {
      opTypes: ['LeakyRelu'],
      match: (node) => {
        const alpha = node.attribute('alpha');
        return { hyper: { negativeSlope: typeof alpha === 'number' ? alpha : 0.01 } };
      },
    },
  },
});
