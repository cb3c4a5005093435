import type { GpuHandle, GpuLayerExecutor, GpuLayerProgram, Layer } from '@rectify/core';
import { convGeometry } from '../conv2d/conv-geometry';
import type { Conv2dSettings } from '../conv2d/plugin';
import * as K from './kernels';
import { windowConstants } from './window-constants';

/** Conv2d on the device: direct cross-correlation, and gathers for the input, kernel and bias gradients. */
export const conv2dGpu: GpuLayerExecutor<Conv2dSettings> = Object.freeze({
  plan(layer: Layer<Conv2dSettings>): GpuLayerProgram {
    const s = layer.settings;
    const g = convGeometry(s, layer.inputShape);
    const constants = {
      ...windowConstants(g),
      F: g.filters,
      DH: g.dh,
      DW: g.dw,
      CG: g.channels / g.groups,
      FG: g.filters / g.groups,
    };
    const inCols = g.channels * g.inH * g.inW;
    const outCols = g.filters * g.outH * g.outW;
    const kernelSize = layer.param('kernel').value.length;
    let x: GpuHandle = null;
    return {
      *forward(input, step) {
        x = input;
        const kernel = step.param('kernel');
        const output = [outCols, step.rows];
        if (!s.useBias) return yield* step.run({ source: K.CONV_FORWARD, output, constants }, { x, kernel });
        return yield* step.run({ source: K.CONV_FORWARD_BIAS, output, constants }, { x, kernel, bias: step.param('bias') });
      },
      *backward(dy, step, needInputGrad) {
        const summed = { ...constants, batch: step.rows };
        const kernel = step.param('kernel');
        let dx: GpuHandle = null;
        if (needInputGrad)
          dx = yield* step.run({ source: K.CONV_GRAD_INPUT, output: [inCols, step.rows], constants }, { dy, kernel });
        step.setGrad(
          'kernel',
          yield* step.run({ source: K.CONV_GRAD_KERNEL, output: [kernelSize], constants: summed }, { x, dy }),
        );
        if (s.useBias)
          step.setGrad('bias', yield* step.run({ source: K.CONV_GRAD_BIAS, output: [g.filters], constants: summed }, { dy }));
        return dx;
      },
    };
  },
});
