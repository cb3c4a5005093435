import { defineActivation, type HyperParams } from '@rectify/core';
import { reluCpu } from './cpu-kernels';
import { importRelu } from './onnx-import';
import { reluGpu } from './gpu-kernels';

/** Float64 ReLU, the independent truth for tests: `min(max(x, 0), cap)`, NaN stays NaN. */
function reluReference(x: number, hyper: HyperParams<'cap'>): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x > 0 ? Math.min(x, hyper.cap) : 0;
}

/**
 * The rectified linear unit, `max(x, 0)`, with an optional `cap` (`min(max(x, 0), cap)`, ReLU6 for `cap: 6`).
 * Follows PyTorch: ReLU'(0) = 0; with a cap the gradient is also 0 at and above the cap (PyTorch's hardtanh).
 *
 * @example
 * activation(relu)               // max(x, 0)
 * activation(relu({ cap: 6 }))   // ReLU6
 */
export const relu = defineActivation({
  name: 'relu',
  apiVersion: 1,
  package: '@rectify/relu',
  version: '0.1.0',
  displayName: 'ReLU',
  params: {
    cap: {
      default: Number.POSITIVE_INFINITY,
      min: 0,
      exclusiveMin: true,
      allowInfinity: true,
      description: 'Upper bound of the output (6 gives ReLU6); Infinity means no cap.',
    },
  },
  cpu: reluCpu,
  gpu: reluGpu,
  atZero: { dx: () => 0 },
  initGain: () => Math.SQRT2,
  reference: reluReference,
  export: {
    onnx: (hyper) =>
      hyper.cap === Number.POSITIVE_INFINITY
        ? { opType: 'Relu', sinceVersion: 14 }
        : { opType: 'Clip', sinceVersion: 13, inputs: [{ constant: 0 }, { constant: hyper.cap }] },
  },
  onnx: { import: { opTypes: ['Relu', 'Clip'], match: importRelu } },
});
