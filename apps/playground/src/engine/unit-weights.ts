import type { Layer } from '@rectify/core';

/** A hidden layer's incoming weights as one `[inputs, units]` matrix, for the stats and the drawing. */
export interface UnitWeights {
  /** Inputs of the layer (rows of `kernel`). */
  readonly inputs: number;
  /** Units of the layer (columns of `kernel`). */
  readonly units: number;
  /** `[inputs, units]` row-major. */
  readonly kernel: Float32Array;
  /** One per unit, when the layer has a bias. */
  readonly bias?: Float32Array;
  /** The gradient of the layer's whole kernel at the last step. */
  readonly kernelGrad: Float32Array;
}

/**
 * The incoming weights of a dense or Maxout layer. A Maxout unit has one weight column per piece (column
 * `unit · pieces + piece`); its drawn weight is the mean over its pieces, the line a viewer can follow.
 */
export function unitWeights(layer: Layer): UnitWeights {
  const kernel = layer.param('kernel');
  const hasBias = layer.params().some((p) => p.name === 'bias');
  const bias = hasBias ? layer.param('bias').value : undefined;
  const [inputs, cols] = kernel.shape;
  const units = layer.outputShape[0];
  if (cols === units) return { inputs, units, kernel: kernel.value, kernelGrad: kernel.grad, ...(bias ? { bias } : {}) };
  const pieces = cols / units;
  const mean = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) {
    for (let u = 0; u < units; u++) {
      let s = 0;
      for (let k = 0; k < pieces; k++) s += kernel.value[i * cols + u * pieces + k];
      mean[i * units + u] = s / pieces;
    }
  }
  let meanBias: Float32Array | undefined;
  if (bias) {
    meanBias = new Float32Array(units);
    for (let u = 0; u < units; u++) {
      let s = 0;
      for (let k = 0; k < pieces; k++) s += bias[u * pieces + k];
      meanBias[u] = s / pieces;
    }
  }
  return { inputs, units, kernel: mean, kernelGrad: kernel.grad, ...(meanBias ? { bias: meanBias } : {}) };
}
