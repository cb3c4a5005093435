import { defineLayer } from '@rectify/core';
import { simpleRnnCpu } from './cpu';
import { simpleRnnGpu } from './gpu';
import { type SimpleRnn, type SimpleRnnOptions, simpleRnnDefinition, simpleRnnSettings } from './definition';
import { simpleRnnOnnx } from './onnx';

export type { SimpleRnn, SimpleRnnActivationConfig, SimpleRnnConfig, SimpleRnnOptions, SimpleRnnSettings } from './definition';

/** The `simple-rnn` layer plugin: CPU and gpu executors, ONNX export and import (the `RNN` operator, Relu or Tanh). */
export const simpleRnnLayerPlugin = defineLayer({
  ...simpleRnnDefinition,
  cpu: simpleRnnCpu,
  gpu: simpleRnnGpu,
  onnx: simpleRnnOnnx,
});

/**
 * An Elman recurrent layer: `h_t = f(x_t·W_ih + h_{t−1}·W_hh + b)` from `h_0 = 0`, input `[batch, steps, features]`,
 * output the last state `[batch, units]` or with `returnSequences` every state `[batch, steps, units]`.
 * @example simpleRNN(128, { activation: relu, recurrentInitializer: identityInit() }) // IRNN
 * @throws ValidationError when `units` is not a positive integer or an option is invalid.
 */
export function simpleRNN(units: number, options: SimpleRnnOptions = {}): SimpleRnn {
  return simpleRnnLayerPlugin.create(simpleRnnSettings(units, options));
}
