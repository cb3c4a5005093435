import {
  constantInit,
  defineLayer,
  type GpuKernelSpec,
  type GpuStepContext,
  type Layer,
  type LayerShapes,
  ShapeError,
  zeroInit,
} from '@rectify/core';
import { bufferedRunner } from '../buffered-runner';
import { checkConfigKeys, checkEps, checkMomentum, configNumber, fromFloat32Attribute, sizeOf } from '../settings';
import * as K from './gpu-kernels';
import { BatchNormRunner } from './runner';

/** BatchNorm's settings (PyTorch's defaults: eps 1e-5, momentum 0.1). */
export interface BatchNormSettings {
  /** Added to the variance before the square root. Default 1e-5. */
  readonly eps: number;
  /** Weight of the batch statistic in the running estimates. Default 0.1. */
  readonly momentum: number;
}

const TYPE = 'batch-norm';

function channelsOf(shapes: LayerShapes): { channels: number; spatial: number } {
  if (shapes.input.length === 0) {
    throw new ShapeError(`${TYPE}: the input needs a channel dimension ([batch, channels, ...]); got a scalar per sample`);
  }
  return { channels: shapes.input[0], spatial: sizeOf(shapes.input.slice(1)) };
}

function stateNamed(layer: Layer, name: string): Float32Array {
  const buffer = layer.state().find((s) => s.name === name);
  if (!buffer) throw new ShapeError(`${TYPE}: state buffer ${name} is missing; rebuild the layer`);
  return buffer.value;
}

/**
 * The BatchNorm layer plugin: normalises each channel (dimension 1 of `[batch, channels, ...]`) with the batch
 * statistics in training and the running ones in inference, then scales by `weight` (γ, init 1) and shifts by
 * `bias` (β, init 0). The running mean (init 0) and unbiased running variance (init 1) are state.
 */
export const batchNormPlugin = defineLayer<BatchNormSettings>({
  type: TYPE,
  apiVersion: 2,
  version: '0.1.0',
  validate: (s) => Object.freeze({ eps: checkEps(TYPE, s.eps), momentum: checkMomentum(TYPE, s.momentum) }),
  parseConfig(config) {
    checkConfigKeys(config, TYPE, ['eps', 'momentum']);
    return { eps: configNumber(config, TYPE, 'eps', 1e-5), momentum: configNumber(config, TYPE, 'momentum', 0.1) };
  },
  toConfig: (s) => ({ type: TYPE, eps: s.eps, momentum: s.momentum }),
  outputShape(_s, shapes) {
    channelsOf(shapes);
    return shapes.input;
  },
  params(_s, shapes) {
    const { channels } = channelsOf(shapes);
    return [
      { name: 'weight', shape: [channels], decay: false, initializer: constantInit(1), fanIn: 1, fanOut: 1 },
      { name: 'bias', shape: [channels], decay: false, initializer: zeroInit(), fanIn: 1, fanOut: 1 },
    ];
  },
  state(_s, shapes) {
    const { channels } = channelsOf(shapes);
    return [
      { name: 'runningMean', shape: [channels], init: 0 },
      { name: 'runningVar', shape: [channels], init: 1 },
    ];
  },
  trainingDiffers: true,
  cpu: {
    createRunner(layer, ctx) {
      const { channels, spatial } = channelsOf({ input: layer.inputShape, children: [] });
      const weight = layer.param('weight');
      const bias = layer.param('bias');
      const runner = new BatchNormRunner(
        channels,
        spatial,
        layer.settings,
        { weight: weight.value, bias: bias.value },
        { weight: weight.grad, bias: bias.grad },
        { mean: stateNamed(layer, 'runningMean'), variance: stateNamed(layer, 'runningVar') },
      );
      return bufferedRunner(layer, ctx, runner);
    },
  },
  gpu: {
    plan(layer) {
      const { channels, spatial } = channelsOf({ input: layer.inputShape, children: [] });
      const { eps, momentum } = layer.settings;
      const cols = channels * spatial;
      let x: unknown = null;
      let mean: unknown = null;
      let variance: unknown = null;
      const spec = (source: string, output: number[], step: GpuStepContext): GpuKernelSpec => ({
        source,
        output,
        constants: { batch: step.rows, channels, spatial, eps, momentum },
      });
      return {
        *forward(input, step) {
          x = input;
          if (step.training) {
            mean = yield* step.run(spec(K.BATCH_NORM_MEAN, [channels], step), { x });
            variance = yield* step.run(spec(K.BATCH_NORM_VARIANCE, [channels], step), { x, mean });
            const running = { running: step.state('runningMean'), mean };
            const runningMean = yield* step.run(spec(K.BATCH_NORM_RUNNING_MEAN, [channels], step), running);
            const runningVar = yield* step.run(spec(K.BATCH_NORM_RUNNING_VARIANCE, [channels], step), {
              running: step.state('runningVar'),
              variance,
            });
            step.setState('runningMean', runningMean);
            step.setState('runningVar', runningVar);
          } else {
            mean = step.state('runningMean');
            variance = step.state('runningVar');
          }
          const affine = { weight: step.param('weight'), bias: step.param('bias') };
          return yield* step.run(spec(K.BATCH_NORM_NORMALIZE, [cols, step.rows], step), { x, mean, variance, ...affine });
        },
        *backward(dy, step, needInputGrad) {
          const weight = step.param('weight');
          const dBias = yield* step.run(spec(K.BATCH_NORM_GRAD_BIAS, [channels], step), { dy });
          const dWeight = yield* step.run(spec(K.BATCH_NORM_GRAD_WEIGHT, [channels], step), { x, dy, mean, variance });
          let dx: unknown = null;
          if (needInputGrad) {
            dx = step.training
              ? yield* step.run(spec(K.BATCH_NORM_GRAD_INPUT_TRAINING, [cols, step.rows], step), {
                  x,
                  dy,
                  mean,
                  variance,
                  weight,
                  dBias,
                  dWeight,
                })
              : yield* step.run(spec(K.BATCH_NORM_GRAD_INPUT_INFERENCE, [cols, step.rows], step), { dy, variance, weight });
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
      const values = (name: string) => layer.param(name).value;
      const c = [layer.inputShape[0]];
      const [y] = ctx.node({
        opType: 'BatchNormalization',
        sinceVersion: 15,
        inputs: [
          input,
          ctx.initializer('weight', c, values('weight')),
          ctx.initializer('bias', c, values('bias')),
          ctx.initializer('runningMean', c, stateNamed(layer, 'runningMean')),
          ctx.initializer('runningVar', c, stateNamed(layer, 'runningVar')),
        ],
        attributes: { epsilon: layer.settings.eps, momentum: 1 - layer.settings.momentum },
      });
      return y;
    },
    import: {
      opTypes: ['BatchNormalization'],
      match(node, graph) {
        if (node.outputs.length > 1 && node.outputs.slice(1).some((o) => o !== '')) return null;
        const [scale, bias, mean, variance] = node.inputs.slice(1, 5).map((t) => graph.constant(t));
        if (!scale || !bias || !mean || !variance) return null;
        const eps = node.attribute('epsilon');
        const momentum = node.attribute('momentum');
        return {
          config: {
            type: TYPE,
            eps: typeof eps === 'number' ? fromFloat32Attribute(eps) : 1e-5,
            momentum: typeof momentum === 'number' ? fromFloat32Attribute(1 - momentum) : 0.1,
          },
          input: node.inputs[0],
          params: { weight: scale.values, bias: bias.values },
          state: { runningMean: mean.values, runningVar: variance.values },
        };
      },
    },
  },
});

/**
 * A BatchNorm layer: `batchNorm()` with PyTorch's defaults, or `batchNorm({ momentum: 0.01 })`.
 * @throws ValidationError when `eps` is not > 0 or `momentum` is outside [0, 1].
 */
export function batchNorm(options: Partial<BatchNormSettings> = {}): Layer<BatchNormSettings> {
  return batchNormPlugin.create({ eps: options.eps ?? 1e-5, momentum: options.momentum ?? 0.1 });
}
