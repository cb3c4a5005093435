import type { CpuLayerRunner, CpuRunnerContext, Layer } from '@rectify/core';

/** The array-level half of a CPU runner: writes into buffers it is given. */
export interface ArrayRunner {
  /** Computes `y` from `x` (`rows` samples). */
  forward(x: Float32Array, rows: number, training: boolean, y: Float32Array): void;
  /** Adds parameter gradients and writes dLoss/dInput into `dx` unless null. */
  backward(dy: Float32Array, dx: Float32Array | null): void;
}

/** A CPU layer runner over `ctx`'s reusable buffers: output and input gradient shaped like the layer's. */
export function bufferedRunner(layer: Layer, ctx: CpuRunnerContext, arrays: ArrayRunner): CpuLayerRunner {
  const output = ctx.buffer(layer.outputShape);
  const inputGrad = ctx.buffer(layer.inputShape);
  let rows = 0;
  return {
    forward(x, training) {
      rows = x.shape[0];
      const y = output.get(rows);
      arrays.forward(x.data, rows, training, y.data);
      return y;
    },
    backward(dy, needInputGrad) {
      const dx = inputGrad.get(rows);
      arrays.backward(dy.data, needInputGrad ? dx.data : null);
      return dx;
    },
  };
}
