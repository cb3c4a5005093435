import type { GpuHandle, GpuLayerExecutor, GpuLayerProgram, Layer } from '@rectify/core';
import type { WindowGeometry } from '../geometry';
import type { GlobalAvgPoolSettings } from '../pool/global';
import type { Pool2dSettings } from '../pool/plugin';
import * as K from './kernels';
import { windowConstants } from './window-constants';

/**
 * Max or average pooling on the device. Max pooling keeps each window's argmax (the first maximum, as PyTorch)
 * from the forward pass for the backward one.
 */
export function poolGpu(
  kind: 'max' | 'avg',
  geometry: (s: Pool2dSettings, input: readonly number[]) => WindowGeometry,
): GpuLayerExecutor<Pool2dSettings> {
  return Object.freeze({
    plan(layer: Layer<Pool2dSettings>): GpuLayerProgram {
      const g = geometry(layer.settings, layer.inputShape);
      const constants = windowConstants(g);
      const inCols = g.channels * g.inH * g.inW;
      const outCols = g.channels * g.outH * g.outW;
      let argmax: GpuHandle = null;
      return {
        *forward(x, step) {
          const output = [outCols, step.rows];
          if (kind === 'avg') return yield* step.run({ source: K.AVG_POOL_FORWARD, output, constants }, { x });
          argmax = yield* step.run({ source: K.MAX_POOL_ARGMAX, output, constants }, { x });
          return yield* step.run({ source: K.MAX_POOL_GATHER, output, constants }, { x, argmax });
        },
        *backward(dy, step, needInputGrad) {
          if (!needInputGrad) return null;
          const output = [inCols, step.rows];
          if (kind === 'avg') return yield* step.run({ source: K.AVG_POOL_GRAD_INPUT, output, constants }, { dy });
          return yield* step.run({ source: K.MAX_POOL_GRAD_INPUT, output, constants }, { dy, argmax });
        },
      };
    },
  });
}

/** Global average pooling on the device. */
export const globalAvgPoolGpu: GpuLayerExecutor<GlobalAvgPoolSettings> = Object.freeze({
  plan(layer: Layer<GlobalAvgPoolSettings>): GpuLayerProgram {
    const [C, H, W] = layer.inputShape;
    const constants = { C, H, W };
    return {
      *forward(x, step) {
        return yield* step.run({ source: K.GLOBAL_AVG_POOL_FORWARD, output: [C, step.rows], constants }, { x });
      },
      *backward(dy, step, needInputGrad) {
        if (!needInputGrad) return null;
        return yield* step.run({ source: K.GLOBAL_AVG_POOL_GRAD_INPUT, output: [C * H * W, step.rows], constants }, { dy });
      },
    };
  },
});
