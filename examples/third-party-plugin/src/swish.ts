import { defineActivation } from '@rectify/core';
import { swishCpuKernels } from './cpu-kernels';
import { swishReference } from './reference';
import { swishScalar } from './scalar';

/**
 * Swish / SiLU with a learnable `beta`: `y = x · sigmoid(beta · x)` (Ramachandran et al., 2017; SiLU is beta = 1).
 * `beta` starts at 1 and is learned, shared by every unit (`numParameters: 1`, the default) or one per channel
 * (`numParameters` = the layer's channel count, like PyTorch's PReLU `num_parameters`).
 *
 * No ONNX mapping: ONNX has no single Swish/SiLU node with a learnable beta (it needs `Mul`, `Sigmoid`, `Mul`),
 * and an `export.onnx` hook maps an activation to exactly one node, so models using it cannot be exported.
 *
 * @example
 * import { activation, dense, sequential } from '@rectify/core';
 * import { swish } from 'rectify-plugin-swish';
 * sequential({ inputShape: [2], layers: [dense(8), activation(swish({ numParameters: 8 })), dense(1)] });
 */
export const swish = defineActivation({
  name: 'swish',
  apiVersion: 1,
  package: 'rectify-plugin-swish', // model JSON records it: a missing plugin's error names it
  version: '0.1.0',
  displayName: 'Swish (learnable β)',
  params: {
    numParameters: {
      default: 1,
      min: 1,
      integer: true,
      description: '1: one beta shared by every unit; otherwise one beta per channel (must equal the channel count)',
    },
  },
  learnable: {
    beta: { size: (h) => h.numParameters, init: () => 1, description: 'the sharpness of the gate; 1 is SiLU' },
  },
  scalar: swishScalar, // the definition; also the gpu.js functions
  cpu: swishCpuKernels, // optional fast path on core's vector math, checked against `scalar` by the testkit
  // Swish is smooth: at 0 the derivative is σ(0) = 1/2 whatever beta, and d/dbeta = x²σ(1−σ) is 0.
  atZero: { dx: () => 0.5, dParams: { beta: () => 0 } },
  reference: swishReference,
});
