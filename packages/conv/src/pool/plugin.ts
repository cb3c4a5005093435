import { defineLayer, type Layer, matmulKernel, ValidationError } from '@rectify/core';
import { type Pair, toPair, type WindowGeometry, windowGeometry } from '../geometry';
import { onnxPads } from '../onnx-export';
import { poolGpu } from '../gpu/pool';
import { poolOnnxImport } from '../onnx-import';
import { bufferedRunner, checkConfigKeys } from '../runner';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward } from './kernels';
import { SimdMaxPool2x2 } from './max-pool-simd';

/** Options of {@link maxPool2d} and {@link avgPool2d}. */
export interface Pool2dOptions {
  /** Window step; default the pool size (PyTorch's default). */
  readonly strides?: number | Pair;
  /** Zeros (avg) or −∞ (max) per side `[height, width]`, at most half the window. Default 0. */
  readonly padding?: number | Pair;
}

/** The validated settings of a 2-D pooling layer. */
export interface Pool2dSettings {
  /** Window `[height, width]`. */
  readonly poolSize: Pair;
  /** Window step `[height, width]`. */
  readonly strides: Pair;
  /** Padding per side `[height, width]`. */
  readonly padding: Pair;
}

function poolSettings(poolSize: number | Pair, options: Pool2dOptions): Pool2dSettings {
  const size: Pair = typeof poolSize === 'number' ? [poolSize, poolSize] : poolSize;
  const strides = options.strides ?? size;
  const padding = options.padding ?? 0;
  return {
    poolSize: size,
    strides: typeof strides === 'number' ? [strides, strides] : strides,
    padding: typeof padding === 'number' ? [padding, padding] : padding,
  };
}

function definePool(type: 'max-pool2d' | 'avg-pool2d', kind: 'max' | 'avg') {
  const name = (s: Pool2dSettings) => `${type}(${s.poolSize[0]}×${s.poolSize[1]})`;
  const geometry = (s: Pool2dSettings, input: readonly number[]): WindowGeometry =>
    windowGeometry(name(s), input, { kernel: s.poolSize, strides: s.strides, dilation: [1, 1], padding: s.padding });
  return defineLayer<Pool2dSettings>({
    type,
    apiVersion: 2,
    version: '0.1.0',
    validate(s) {
      const poolSize = toPair(type, 'poolSize', s.poolSize);
      const settings = { poolSize, strides: toPair(type, 'strides', s.strides), padding: toPair(type, 'padding', s.padding, 0) };
      if (settings.padding[0] * 2 > poolSize[0] || settings.padding[1] * 2 > poolSize[1]) {
        throw new ValidationError(
          `${name(settings)}: padding [${settings.padding.join(', ')}] must be at most half the window (as in PyTorch)`,
        );
      }
      return Object.freeze(settings);
    },
    parseConfig(config) {
      checkConfigKeys(type, config, ['poolSize', 'strides', 'padding']);
      return poolSettings(config.poolSize as Pair, { strides: config.strides as Pair, padding: config.padding as Pair });
    },
    toConfig: (s) => ({ type, poolSize: [...s.poolSize], strides: [...s.strides], padding: [...s.padding] }),
    outputShape(s, { input }) {
      const g = geometry(s, input);
      return [g.channels, g.outH, g.outW];
    },
    cpu: {
      createRunner(layer, ctx) {
        const g = geometry(layer.settings, layer.inputShape);
        const label = `${ctx.path} ${name(layer.settings)}`;
        const inSize = g.channels * g.inH * g.inW;
        const outSize = g.channels * g.outH * g.outW;
        if (kind === 'avg') {
          return bufferedRunner(label, layer, ctx, {
            forward: (x, rows, _training, y) => avgPoolForward(g, rows, x, y),
            backward: (_x, rows, dy, dx) => dx && avgPoolBackward(g, rows, dy, dx),
          });
        }
        let argmax = new Int32Array(0);
        // Like conv2d's SIMD forward, the SIMD pooling follows the matmul kernel switch.
        const simd = SimdMaxPool2x2.create(g);
        return bufferedRunner(label, layer, ctx, {
          forward(x, rows, _training, y) {
            if (argmax.length < rows * outSize) argmax = new Int32Array(rows * outSize);
            if (simd && matmulKernel() === 'wasm-simd') simd.run(rows, x, y, argmax);
            else maxPoolForward(g, rows, x, y, argmax);
          },
          backward: (_x, rows, dy, dx) => dx && maxPoolBackward(rows * inSize, rows * outSize, dy, argmax, dx),
        });
      },
    },
    gpu: poolGpu(kind, geometry),
    onnx: {
      export(layer, input, ctx) {
        const s = layer.settings;
        const g = geometry(s, layer.inputShape);
        const attributes: Record<string, number | number[]> = {
          kernel_shape: [...s.poolSize],
          strides: [...s.strides],
          pads: onnxPads(g, s.padding),
        };
        // PyTorch's AvgPool2d counts padding zeros in the divisor (count_include_pad=True); ONNX's default is 0.
        if (kind === 'avg') attributes.count_include_pad = 1;
        const ints = Object.keys(attributes);
        const opType = kind === 'avg' ? 'AveragePool' : 'MaxPool';
        return ctx.node({ opType, sinceVersion: kind === 'avg' ? 11 : 12, inputs: [input], attributes, ints })[0]!;
      },
      import: poolOnnxImport(type),
    },
  });
}

/** The max pooling layer plugin (PyTorch's `MaxPool2d`; the gradient goes to the first maximal element of a window). */
export const maxPool2dPlugin = definePool('max-pool2d', 'max');

/** The average pooling layer plugin (PyTorch's `AvgPool2d` with `count_include_pad=True`). */
export const avgPool2dPlugin = definePool('avg-pool2d', 'avg');

/**
 * Max pooling over `[channels, height, width]`: `maxPool2d(2)`.
 * @throws ValidationError for a bad setting.
 */
export function maxPool2d(poolSize: number | Pair, options: Pool2dOptions = {}): Layer<Pool2dSettings> {
  return maxPool2dPlugin.create(poolSettings(poolSize, options));
}

/**
 * Average pooling over `[channels, height, width]`: `avgPool2d(2)`.
 * @throws ValidationError for a bad setting.
 */
export function avgPool2d(poolSize: number | Pair, options: Pool2dOptions = {}): Layer<Pool2dSettings> {
  return avgPool2dPlugin.create(poolSettings(poolSize, options));
}
