import { constantInit, defineLayer, type GpuKernelSpec, type Layer, zeroInit } from '@rectify/core';
import { bufferedRunner } from '../buffered-runner';
import { checkConfigKeys, checkEps, configNumber, fromFloat32Attribute, sizeOf } from '../settings';
import * as K from './gpu-kernels';
import { LayerNormRunner } from './runner';

/** LayerNorm's settings (PyTorch's default eps 1e-5). */
export interface LayerNormSettings {
  /** Added to the variance before the square root. Default 1e-5. */
  readonly eps: number;
}

const TYPE = 'layer-norm';

/**
 * The LayerNorm layer plugin: normalises each sample over all its features (PyTorch's
 * `LayerNorm(inputShape)`), then scales by `weight` (γ, init 1) and shifts by `bias` (β, init 0), one per feature.
 * The same in training and inference.
 */
export const layerNormPlugin = defineLayer<LayerNormSettings>({
  type: TYPE,
  apiVersion: 2,
  version: '0.1.0',
  validate: (s) => Object.freeze({ eps: checkEps(TYPE, s.eps) }),
  parseConfig(config) {
    checkConfigKeys(config, TYPE, ['eps']);
    return { eps: configNumber(config, TYPE, 'eps', 1e-5) };
  },
  toConfig: (s) => ({ type: TYPE, eps: s.eps }),
  outputShape: (_s, shapes) => shapes.input,
  params: (_s, shapes) => [
    // Flat, one per feature (PyTorch shapes them like the input; the values are the same, row-major).
    { name: 'weight', shape: [sizeOf(shapes.input)], decay: false, initializer: constantInit(1), fanIn: 1, fanOut: 1 },
    { name: 'bias', shape: [sizeOf(shapes.input)], decay: false, initializer: zeroInit(), fanIn: 1, fanOut: 1 },
  ],
  cpu: {
    createRunner(layer, ctx) {
      const weight = layer.param('weight');
      const bias = layer.param('bias');
      const runner = new LayerNormRunner(
        sizeOf(layer.inputShape),
        layer.settings.eps,
        { weight: weight.value, bias: bias.value },
        { weight: weight.grad, bias: bias.grad },
      );
      return bufferedRunner(layer, ctx, {
        forward: (x, rows, _training, y) => runner.forward(x, rows, y),
        backward: (dy, dx) => runner.backward(dy, dx),
      });
    },
  },
  gpu: {
    plan(layer) {
      const features = sizeOf(layer.inputShape);
      const { eps } = layer.settings;
      const spec = (source: string, output: number[], rows: number): GpuKernelSpec => ({
        source,
        output,
        constants: { rows, features, eps },
      });
      let x: unknown = null;
      let mean: unknown = null;
      let variance: unknown = null;
      return {
        *forward(input, step) {
          x = input;
          mean = yield* step.run(spec(K.LAYER_NORM_MEAN, [step.rows], step.rows), { x });
          variance = yield* step.run(spec(K.LAYER_NORM_VARIANCE, [step.rows], step.rows), { x, mean });
          const affine = { weight: step.param('weight'), bias: step.param('bias') };
          return yield* step.run(spec(K.LAYER_NORM_NORMALIZE, [features, step.rows], step.rows), {
            x,
            mean,
            variance,
            ...affine,
          });
        },
        *backward(dy, step, needInputGrad) {
          const rows = step.rows;
          const weight = step.param('weight');
          const dWeight = yield* step.run(spec(K.LAYER_NORM_GRAD_WEIGHT, [features], rows), { x, dy, mean, variance });
          const dBias = yield* step.run(spec(K.LAYER_NORM_GRAD_BIAS, [features], rows), { dy });
          let dx: unknown = null;
          if (needInputGrad) {
            const sumG = yield* step.run(spec(K.LAYER_NORM_ROW_SUM_G, [rows], rows), { dy, weight });
            const sumGXhat = yield* step.run(spec(K.LAYER_NORM_ROW_SUM_G_XHAT, [rows], rows), {
              x,
              dy,
              mean,
              variance,
              weight,
            });
            dx = yield* step.run(spec(K.LAYER_NORM_GRAD_INPUT, [features, rows], rows), {
              x,
              dy,
              mean,
              variance,
              weight,
              sumG,
              sumGXhat,
            });
          }
          step.setGrad('weight', dWeight);
          step.setGrad('bias', dBias);
          return dx;
        },
      };
    },
  },
  onnx: {
    export(layer, input, ctx) {
      const dims = [...layer.inputShape];
      const [y] = ctx.node({
        opType: 'LayerNormalization',
        sinceVersion: 17,
        inputs: [
          input,
          ctx.initializer('weight', dims, layer.param('weight').value),
          ctx.initializer('bias', dims, layer.param('bias').value),
        ],
        attributes: { axis: 1, epsilon: layer.settings.eps },
        ints: ['axis'],
      });
      return y;
    },
    import: {
      opTypes: ['LayerNormalization'],
      match(node, graph) {
        const scale = graph.constant(node.inputs[1]);
        const bias = node.inputs[2] ? graph.constant(node.inputs[2]) : null;
        const axis = node.attribute('axis') ?? -1;
        if (!scale || (node.inputs[2] && !bias)) return null;
        // Rectify normalises every per-sample dimension: axis 1, or the last axis of a 1-D per-sample shape.
        if (!(axis === 1 || (axis === -1 && scale.dims.length === 1))) return null;
        const eps = node.attribute('epsilon');
        return {
          config: { type: TYPE, eps: typeof eps === 'number' ? fromFloat32Attribute(eps) : 1e-5 },
          input: node.inputs[0],
          params: { weight: scale.values, bias: bias ? bias.values : new Float32Array(scale.values.length) },
        };
      },
    },
  },
});

/**
 * A LayerNorm layer over every per-sample dimension: `layerNorm()` or `layerNorm({ eps: 1e-6 })`.
 * @throws ValidationError when `eps` is not > 0.
 */
export function layerNorm(options: Partial<LayerNormSettings> = {}): Layer<LayerNormSettings> {
  return layerNormPlugin.create({ eps: options.eps ?? 1e-5 });
}
