import { defineLayer, type Layer, ShapeError } from '@rectify/core';
import { globalAvgPoolGpu } from '../gpu/pool';
import { globalAvgPoolOnnxImport } from '../onnx-import';
import { bufferedRunner, settingless } from '../runner';

/** Global average pooling has no settings. */
export type GlobalAvgPoolSettings = Readonly<Record<string, never>>;

const TYPE = 'global-avg-pool';

function check(input: readonly number[]): void {
  if (input.length !== 3 || !input.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ShapeError(
      `global-avg-pool: input shape [${input.join(', ')}] is not supported; the layer takes [channels, height, width] per sample`,
    );
  }
}

/** The global average pooling plugin: `[channels, height, width]` → `[channels]`, each the mean of its plane. */
export const globalAvgPoolPlugin = defineLayer<GlobalAvgPoolSettings>({
  ...settingless(TYPE),
  outputShape(_s, { input }) {
    check(input);
    return [input[0]];
  },
  cpu: {
    createRunner(layer, ctx) {
      const [channels, h, w] = layer.inputShape;
      const plane = h * w;
      return bufferedRunner(`${ctx.path} global-avg-pool`, layer, ctx, {
        forward(x, rows, _training, y) {
          for (let p = 0; p < rows * channels; p++) {
            let s = 0;
            for (let k = 0; k < plane; k++) s += x[p * plane + k];
            y[p] = s / plane;
          }
        },
        backward(_x, rows, dy, dx) {
          if (!dx) return;
          for (let p = 0; p < rows * channels; p++) {
            const d = dy[p] / plane;
            for (let k = 0; k < plane; k++) dx[p * plane + k] = d;
          }
        },
      });
    },
  },
  gpu: globalAvgPoolGpu,
  onnx: {
    // GlobalAveragePool keeps [N, C, 1, 1]; Flatten(axis 1) gives the layer's [N, C].
    export(_layer, input, ctx) {
      const [pooled] = ctx.node({ opType: 'GlobalAveragePool', sinceVersion: 1, inputs: [input] });
      return ctx.node({ opType: 'Flatten', sinceVersion: 13, inputs: [pooled!], attributes: { axis: 1 }, ints: ['axis'] })[0]!;
    },
    import: globalAvgPoolOnnxImport,
  },
});

/** Global average pooling: `globalAvgPool()`. */
export function globalAvgPool(): Layer<GlobalAvgPoolSettings> {
  return globalAvgPoolPlugin.create({});
}
