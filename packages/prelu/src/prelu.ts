import { defineActivation, type HyperParams, type LearnableValues } from '@rectify/core';
import { preluCpu } from './cpu-kernels';
import { importPrelu } from './onnx-import';
import { preluGpu } from './gpu-kernels';

/** Float64 PReLU, the independent truth for tests. */
function preluReference(x: number, _hyper: HyperParams, learnable: LearnableValues<'slope'>): number {
  return x > 0 ? x : learnable.slope * x;
}

/**
 * Parametric ReLU, `x > 0 ? x : a·x`, with a learnable slope `a` like `torch.nn.PReLU(num_parameters, init)`:
 * one slope shared by every unit (`numParameters: 1`, the default) or one per channel (`numParameters` equal to
 * the layer's channel count, dimension 1 of `[batch, channels, ...]`). d/dx(0) = a and d/da(0) = 0.
 *
 * @example
 * activation(prelu)                                  // one shared slope, starting at 0.25
 * activation(prelu({ numParameters: 16, init: 0.1 }))  // one slope per unit of a 16-unit layer
 */
export const prelu = defineActivation({
  name: 'prelu',
  apiVersion: 1,
  package: '@rectify/prelu',
  version: '0.1.0',
  displayName: 'PReLU',
  params: {
    numParameters: {
      default: 1,
      min: 1,
      integer: true,
      description: 'Number of slopes: 1 (shared) or the channel count (one per channel).',
    },
    init: { default: 0.25, description: 'Initial value of every slope.' },
  },
  learnable: {
    slope: {
      size: (hyper) => hyper.numParameters,
      init: (hyper) => hyper.init,
      description: 'Slope for x <= 0, learned.',
    },
  },
  cpu: preluCpu,
  gpu: preluGpu,
  atZero: { dx: (_hyper, learnable) => learnable.slope, dParams: { slope: () => 0 } },
  initGain: (hyper) => Math.sqrt(2 / (1 + hyper.init ** 2)),
  reference: preluReference,
  export: { onnx: () => ({ opType: 'PRelu', sinceVersion: 16, inputs: [{ learnable: 'slope' }] }) },
  onnx: { import: { opTypes: ['PRelu'], match: importPrelu } },
});
