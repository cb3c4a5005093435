import { defineLayer, type Layer, ShapeError } from '@rectify/core';
import { flattenGpu } from './gpu/flatten';
import { flattenOnnxImport } from './onnx-import';
import { bufferedRunner, settingless } from './runner';

/** Flatten has no settings. */
export type FlattenSettings = Readonly<Record<string, never>>;

const TYPE = 'flatten';

/** The flatten plugin: any per-sample shape → `[features]`, row-major (PyTorch's `Flatten()` on NCHW). */
export const flattenPlugin = defineLayer<FlattenSettings>({
  ...settingless(TYPE),
  outputShape(_s, { input }) {
    if (input.length < 1 || !input.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new ShapeError(
        `flatten: input shape [${input.join(', ')}] is not supported; give a per-sample shape of positive sizes`,
      );
    }
    return [input.reduce((a, b) => a * b, 1)];
  },
  cpu: {
    createRunner(layer, ctx) {
      const size = layer.outputShape[0];
      return bufferedRunner(`${ctx.path} flatten`, layer, ctx, {
        forward: (x, rows, _training, y) => y.set(x.subarray(0, rows * size)),
        backward: (_x, rows, dy, dx) => dx?.set(dy.subarray(0, rows * size)),
      });
    },
  },
  gpu: flattenGpu,
  onnx: {
    export: (_layer, input, ctx) =>
      ctx.node({ opType: 'Flatten', sinceVersion: 13, inputs: [input], attributes: { axis: 1 }, ints: ['axis'] })[0]!,
    import: flattenOnnxImport,
  },
});

/** Flattens each sample to `[features]`: `flatten()`. */
export function flatten(): Layer<FlattenSettings> {
  return flattenPlugin.create({});
}
