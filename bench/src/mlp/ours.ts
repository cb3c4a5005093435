import { activation, type Backend, cpuBackend, dense, type Sequential, sequential, sgd, Tensor } from '@rectify/core';
import type { BenchActivation } from '../plugins';
import { LEARNING_RATE, MLP_SIZES, type MlpWeights, PRELU_INIT } from './weights';

/** The benchmark MLP with the shared initial weights, on our CPU backend unless another is given. */
export function oursMlp(act: BenchActivation, weights: MlpWeights, backend: Backend = cpuBackend()): Sequential {
  const hyper = act.name === 'prelu' ? { init: PRELU_INIT } : undefined;
  const model = sequential({
    inputShape: [MLP_SIZES[0]],
    seed: 1,
    layers: [
      dense(MLP_SIZES[1]),
      activation(act.plugin, hyper),
      dense(MLP_SIZES[2]),
      activation(act.plugin, hyper),
      dense(MLP_SIZES[3]),
    ],
  });
  for (const { id, param } of model.paramRefs()) {
    const m = /^layers\.(\d+)\.(kernel|bias)$/.exec(id);
    if (!m) continue;
    const l = Number(m[1]) / 2;
    param.value.set(m[2] === 'kernel' ? weights.kernels[l] : weights.biases[l]);
  }
  model.compile({ loss: 'softmax-cross-entropy', optimizer: sgd({ learningRate: LEARNING_RATE }), backend });
  return model;
}

/** A `[rows, cols]` tensor over `data` from row `start` (a view, no copy). */
export function rowsTensor(data: Float32Array, cols: number, start: number, rows: number): Tensor {
  return new Tensor(data.subarray(start * cols, (start + rows) * cols), [rows, cols]);
}
