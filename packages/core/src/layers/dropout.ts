import { ValidationError } from '../errors';
import { checkConfigShape, configError } from './config-fields';
import {
  LAYER_API_VERSION,
  type Layer,
  type LayerConfig,
  type LayerDefinition,
  type OnnxGraphView,
  type OnnxLayerMatch,
  type OnnxNodeView,
} from './contract';

/** The validated settings of a dropout layer. */
export interface DropoutSettings {
  /** Probability of zeroing an element in training, in [0, 1) (PyTorch's `p`). */
  readonly rate: number;
}

/** JSON form of a dropout layer. */
export interface DropoutConfig extends LayerConfig {
  /** The layer plugin type. */
  readonly type: 'dropout';
  /** Probability of zeroing an element in training. */
  readonly rate: number;
}

/**
 * Inverted dropout as in PyTorch: in training each element is zeroed with probability `rate` and the others are
 * scaled by `1 / (1 − rate)`; in inference the layer is the identity.
 */
export type Dropout = Layer<DropoutSettings>;

function checkRate(rate: unknown): number {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
    throw new ValidationError(`dropout: rate must be a number in [0, 1), got ${String(rate)}; 0.5 drops half the elements`);
  }
  return rate;
}

/**
 * `Dropout` with its rate: the `ratio` input (opset 12+) or attribute (before), default 0.5. Float32 in the file,
 * so rounded to the 7 digits float32 holds (0.1 comes back as 0.1).
 */
function matchDropout(node: OnnxNodeView, graph: OnnxGraphView): OnnxLayerMatch {
  const mask = node.outputs[1];
  if (mask && graph.consumers(mask) > 0)
    throw new ValidationError('its mask output is used; only the dropped values can be imported');
  const ratioInput = node.inputs[1];
  let rate = 0.5;
  if (ratioInput) {
    const ratio = graph.constant(ratioInput);
    if (ratio?.values.length !== 1) throw new ValidationError('ratio must be a constant scalar');
    rate = ratio.values[0];
  } else {
    const attribute = node.attribute('ratio');
    if (typeof attribute === 'number') rate = attribute;
  }
  return { config: { type: 'dropout', rate: Number(rate.toPrecision(7)) }, input: node.inputs[0] ?? '' };
}

/** Everything of the `dropout` layer plugin but its executors. */
export const dropoutDefinition = {
  type: 'dropout',
  apiVersion: LAYER_API_VERSION,
  version: '1.0.0',
  trainingDiffers: true,
  validate: (s: DropoutSettings): DropoutSettings => Object.freeze({ rate: checkRate(s.rate) }),
  parseConfig(config: LayerConfig): DropoutSettings {
    checkConfigShape(config, 'dropout', ['rate']);
    if (typeof config.rate !== 'number')
      configError('dropout', 'rate', `must be a number in [0, 1), got ${JSON.stringify(config.rate)}`);
    return { rate: config.rate };
  },
  toConfig: (s: DropoutSettings): DropoutConfig => ({ type: 'dropout', rate: s.rate }),
  outputShape: (_s: DropoutSettings, { input }): readonly number[] => input,
  onnx: {
    /** Inference is the identity. */
    export: (_layer, input, ctx) => ctx.node({ opType: 'Identity', sinceVersion: 13, inputs: [input] })[0],
    import: { opTypes: ['Dropout'], match: matchDropout },
  },
} satisfies Omit<LayerDefinition<DropoutSettings>, 'cpu'>;

/**
 * Fills `mask` for one training step: `fround(1 / (1 − rate))` where the element is kept (a uniform draw of at least
 * `rate`, PyTorch's Bernoulli(1 − rate)), 0 where it is dropped. Every backend draws its masks with this function
 * from the layer's generator, so they agree bit for bit.
 */
export function fillDropoutMask(mask: Float32Array, length: number, rate: number, next: () => number): void {
  const scale = Math.fround(1 / (1 - rate));
  for (let i = 0; i < length; i++) mask[i] = next() >= rate ? scale : 0;
}
