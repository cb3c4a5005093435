import {
  defineLayer,
  heUniform,
  type Initializer,
  type InitializerConfig,
  initializerFromConfig,
  type Layer,
  matmulKernel,
  type ParamSpec,
  ValidationError,
} from '@rectify/core';
import { type Pair, type Padding, toPadding, toPair } from '../geometry';
import { convGeometry, convLabel } from './conv-geometry';
import { onnxPads, paramInitializer } from '../onnx-export';
import { conv2dGpu } from '../gpu/conv2d';
import { conv2dOnnxImport } from '../onnx-import';
import { bufferedRunner, checkConfigKeys } from '../runner';
import { addBiasGrad, colsLength, convBackwardGemm, convForwardGemm } from './im2col';
import { ImplicitGemmConv } from './implicit-gemm';

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Window step, a number or `[height, width]`. Default 1. */
  readonly strides?: number | Pair;
  /** `'valid'` (default), `'same'` (strides 1 only) or zeros per side `[height, width]`. */
  readonly padding?: Padding;
  /** Spacing of the window's taps. Default 1. */
  readonly dilation?: number | Pair;
  /** Channel groups: input channels and filters must both be multiples; equal to the channels for depthwise. Default 1. */
  readonly groups?: number;
  /** Add a learnable bias per filter. Default true. */
  readonly useBias?: boolean;
  /**
   * How the kernel is filled at build (fans C/groups·kh·kw and filters/groups·kh·kw). Default PyTorch's:
   * `heUniform({ negativeSlope: Math.sqrt(5) })`, U(±1/√fanIn).
   */
  readonly kernelInitializer?: Initializer;
  /** How the bias is filled at build. Default PyTorch's: U(±1/√fanIn), the kernel's fan-in. */
  readonly biasInitializer?: Initializer;
}

/** The validated settings of a conv2d layer. */
export interface Conv2dSettings {
  /** Output channels. */
  readonly filters: number;
  /** Window `[height, width]`. */
  readonly kernelSize: Pair;
  /** Window step `[height, width]`. */
  readonly strides: Pair;
  /** `'valid'`, `'same'` or zeros per side `[height, width]`. */
  readonly padding: 'valid' | 'same' | Pair;
  /** Tap spacing `[height, width]`. */
  readonly dilation: Pair;
  /** Channel groups. */
  readonly groups: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** Fills the kernel. */
  readonly kernelInitializer: Initializer;
  /** Fills the bias. */
  readonly biasInitializer: Initializer;
}

const TYPE = 'conv2d';

function validate(s: Conv2dSettings): Conv2dSettings {
  if (!Number.isInteger(s.filters) || s.filters < 1) {
    throw new ValidationError(`conv2d: filters must be a positive integer, got ${s.filters}`);
  }
  const name = `conv2d(${s.filters})`;
  const kernelSize = toPair(name, 'kernelSize', s.kernelSize);
  const settings = {
    ...s,
    kernelSize,
    strides: toPair(name, 'strides', s.strides),
    dilation: toPair(name, 'dilation', s.dilation),
    padding: toPadding(name, s.padding),
  };
  if (!Number.isInteger(s.groups) || s.groups < 1 || s.filters % s.groups !== 0) {
    throw new ValidationError(
      `${convLabel(settings)}: groups must be a positive integer dividing filters (${s.filters}), got ${s.groups}`,
    );
  }
  if (typeof s.useBias !== 'boolean') throw new ValidationError(`${convLabel(settings)}: useBias must be true or false`);
  return Object.freeze(settings);
}

function initializer(field: string, value: unknown): Initializer | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null)
    throw new ValidationError(`conv2d: config field ${field} must be an initializer config object`);
  return initializerFromConfig(value as InitializerConfig);
}

/**
 * The 2-D convolution layer plugin (PyTorch's `Conv2d`, cross-correlation, NCHW): per-sample input
 * `[channels, height, width]`, `kernel` `[filters, channels/groups, kh, kw]` (PyTorch's and ONNX's layout) and
 * optional `bias` `[filters]`.
 */
export const conv2dPlugin = defineLayer<Conv2dSettings>({
  type: TYPE,
  apiVersion: 2,
  version: '0.1.0',
  validate,
  parseConfig(config) {
    checkConfigKeys(TYPE, config, [
      'filters',
      'kernelSize',
      'strides',
      'padding',
      'dilation',
      'groups',
      'useBias',
      'kernelInitializer',
      'biasInitializer',
    ]);
    return conv2dSettings(config.filters as number, config.kernelSize as Pair, {
      strides: config.strides as Pair | undefined,
      padding: config.padding as Padding | undefined,
      dilation: config.dilation as Pair | undefined,
      groups: config.groups as number | undefined,
      useBias: config.useBias as boolean | undefined,
      kernelInitializer: initializer('kernelInitializer', config.kernelInitializer),
      biasInitializer: initializer('biasInitializer', config.biasInitializer),
    });
  },
  toConfig: (s) => ({
    type: TYPE,
    filters: s.filters,
    kernelSize: [...s.kernelSize],
    strides: [...s.strides],
    padding: typeof s.padding === 'string' ? s.padding : [...s.padding],
    dilation: [...s.dilation],
    groups: s.groups,
    useBias: s.useBias,
    kernelInitializer: s.kernelInitializer.config(),
    biasInitializer: s.biasInitializer.config(),
  }),
  outputShape(s, { input }) {
    const g = convGeometry(s, input);
    return [s.filters, g.outH, g.outW];
  },
  params(s, { input }): readonly ParamSpec[] {
    const g = convGeometry(s, input);
    const taps = g.kh * g.kw;
    const fans = { fanIn: (g.channels / s.groups) * taps, fanOut: (s.filters / s.groups) * taps };
    const kernel: ParamSpec = {
      name: 'kernel',
      shape: [s.filters, g.channels / s.groups, g.kh, g.kw],
      decay: true,
      initializer: s.kernelInitializer,
      ...fans,
    };
    if (!s.useBias) return [kernel];
    return [kernel, { name: 'bias', shape: [s.filters], decay: false, initializer: s.biasInitializer, ...fans }];
  },
  cpu: {
    createRunner(layer, ctx) {
      const s = layer.settings;
      const g = convGeometry(s, layer.inputShape);
      const kernel = layer.param('kernel');
      const bias = s.useBias ? layer.param('bias') : null;
      // Per-sample scratch, allocated once: GEMM runs one sample and group at a time.
      const cols = new Float32Array(colsLength(g));
      const dcols = new Float32Array(colsLength(g));
      // Where it applies (strides 1, WebAssembly SIMD): the forward pass without im2col, the backward pass with
      // im2col and col2im on SIMD. It follows the matmul kernel switch: `kernels: { matmul: 'js' }` runs all of the
      // layer in plain JavaScript.
      const implicit = ImplicitGemmConv.create(g);
      return bufferedRunner(`${ctx.path} ${convLabel(s)}`, layer, ctx, {
        forward(x, rows, _training, y) {
          const b = bias?.value ?? null;
          if (implicit && matmulKernel() === 'wasm-simd') implicit.run(rows, x, kernel.value, b, y);
          else convForwardGemm(g, rows, x, kernel.value, b, y, cols);
        },
        backward(x, rows, dy, dx) {
          if (implicit && matmulKernel() === 'wasm-simd') {
            implicit.backward(rows, x, kernel.value, dy, kernel.grad, dx);
            if (bias) addBiasGrad(g, rows, dy, bias.grad);
          } else {
            convBackwardGemm(g, rows, x, kernel.value, dy, kernel.grad, bias?.grad ?? null, dx, cols, dcols);
          }
        },
      });
    },
  },
  gpu: conv2dGpu,
  onnx: {
    export(layer, input, ctx) {
      const s = layer.settings;
      const g = convGeometry(s, layer.inputShape);
      const inputs = [input, paramInitializer(layer, 'kernel', ctx)];
      if (s.useBias) inputs.push(paramInitializer(layer, 'bias', ctx));
      const attributes = {
        kernel_shape: [g.kh, g.kw],
        strides: [g.sh, g.sw],
        pads: onnxPads(g, s.padding),
        dilations: [g.dh, g.dw],
        group: s.groups,
      };
      const ints = Object.keys(attributes);
      return ctx.node({ opType: 'Conv', sinceVersion: 11, inputs, attributes, ints })[0]!;
    },
    import: conv2dOnnxImport,
  },
});

// nn.Conv2d.reset_parameters: kaiming_uniform_(a=√5) for the weight, which is U(±1/√fanIn), and U(±1/√fanIn) for
// the bias, the same bound (the bias sees the kernel's fans).
function pytorchConvDefault(): Initializer {
  return heUniform({ negativeSlope: Math.sqrt(5) });
}

/** Settings from the factory's arguments, defaults filled in (validated by the plugin). */
export function conv2dSettings(filters: number, kernelSize: number | Pair, options: Conv2dOptions = {}): Conv2dSettings {
  return {
    filters,
    kernelSize: typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize,
    strides: typeof options.strides === 'number' ? [options.strides, options.strides] : (options.strides ?? [1, 1]),
    padding: typeof options.padding === 'number' ? [options.padding, options.padding] : (options.padding ?? 'valid'),
    dilation: typeof options.dilation === 'number' ? [options.dilation, options.dilation] : (options.dilation ?? [1, 1]),
    groups: options.groups ?? 1,
    useBias: options.useBias ?? true,
    kernelInitializer: options.kernelInitializer ?? pytorchConvDefault(),
    biasInitializer: options.biasInitializer ?? pytorchConvDefault(),
  };
}

/**
 * A 2-D convolution: `conv2d(16, 3, { padding: 'same' })`.
 * @throws ValidationError for a bad setting, naming it and the fix.
 */
export function conv2d(filters: number, kernelSize: number | Pair, options: Conv2dOptions = {}): Layer<Conv2dSettings> {
  return conv2dPlugin.create(conv2dSettings(filters, kernelSize, options));
}
