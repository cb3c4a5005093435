import { defineActivation, type HyperParams } from '@rectify/core';
import { eluCpu } from './cpu-kernels';
import { eluGpu } from './gpu-kernels';

/** Float64 ELU, the independent truth for tests. */
function eluReference(x: number, hyper: HyperParams<'alpha'>): number {
  return x > 0 ? x : hyper.alpha * Math.expm1(x);
}

/**
 * The exponential linear unit, `x > 0 ? x : alpha·(exp(x) − 1)`, with PyTorch's default alpha 1 and
 * d/dx(0) = alpha (the negative branch at 0). ELU(−∞) = −alpha.
 *
 * @example
 * activation(elu)                     // alpha 1
 * activation(elu({ alpha: 0.5 }))
 */
export const elu = defineActivation({
  name: 'elu',
  apiVersion: 1,
  package: '@rectify/elu',
  version: '0.1.0',
  displayName: 'ELU',
  params: {
    alpha: { default: 1, min: 0, description: 'Scale of the negative branch: ELU(x) → −alpha as x → −∞.' },
  },
  cpu: eluCpu,
  gpu: eluGpu,
  atZero: { dx: (hyper) => hyper.alpha },
  // torch.nn.init.calculate_gain has no ELU entry; ELU is ReLU-like for x > 0, so the He gain sqrt(2) is used.
  initGain: () => Math.SQRT2,
  reference: eluReference,
  export: { onnx: (hyper) => ({ opType: 'Elu', sinceVersion: 6, attributes: { alpha: hyper.alpha } }) },
  onnx: {
    import: {
      opTypes: ['Elu'],
      match: (node) => {
        const alpha = node.attribute('alpha');
        return { hyper: { alpha: typeof alpha === 'number' ? alpha : 1 } };
      },
    },
  },
});
