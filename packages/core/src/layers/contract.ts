import type { Registry } from '../registry';
import type { Rng } from '../random';
import type { Tensor } from '../tensor';

/** The version of the layer plugin contract this build of core implements. */
export const LAYER_API_VERSION = 1 as const;

/**
 * A trainable array owned by a layer. `value` is the host copy that the CPU backend trains in place, the serializer
 * stores and other backends upload; `grad` accumulates dLoss/dValue during `backward` (summed over the batch of the
 * last step; the optimizer reads it).
 */
export interface Param {
  /** Name within its layer: `kernel`, `bias`, or an activation's learnable name such as `slope`. */
  readonly name: string;
  /** Dimensions; `kernel` is `[inputs, units]`, row-major. */
  readonly shape: readonly number[];
  /** The values, row-major; length is the product of `shape`. */
  readonly value: Float32Array;
  /** dLoss/dValue, same length as `value`; the CPU backend zeroes it at the start of each training step. */
  readonly grad: Float32Array;
  /** Whether L2 regularisation / decoupled weight decay applies (kernels: yes; biases and activation slopes: no). */
  readonly decay: boolean;
}

/** A layer's hyper-parameters as plain JSON (no weights). `type` names the layer plugin. */
export interface LayerConfig {
  /** The layer plugin's type, e.g. `dense`. */
  readonly type: string;
  /** The layer's own fields (`units`, `activation`, …). */
  readonly [key: string]: unknown;
}

/** What `build` receives. */
export interface BuildContext {
  /** The model's seeded generator: initialisers draw from it, in layer order. */
  readonly rng: Rng;
  /** Where layers look up activation plugins by name. */
  readonly registry: Registry;
}

/**
 * A layer on the CPU backend. Layers own their output and input-gradient buffers and reuse them across calls:
 * the tensor returned by `forward` or `backward` is valid until the next call on the same layer.
 */
export interface Layer {
  /** The plugin type, e.g. `dense`. */
  readonly type: string;
  /** Per-sample input shape (set by `build`). */
  readonly inputShape: readonly number[];
  /** Per-sample output shape (set by `build`). */
  readonly outputShape: readonly number[];
  /** Allocates and initialises parameters for a per-sample input shape; returns the per-sample output shape. */
  build(inputShape: readonly number[], ctx: BuildContext): readonly number[];
  /** Computes the output for a batch `[batch, ...inputShape]`. With `training`, keeps what `backward` needs. */
  forward(x: Tensor, training: boolean): Tensor;
  /**
   * Given dLoss/dOutput, ADDS parameter gradients into each `Param.grad` and returns dLoss/dInput. When
   * `needInputGrad` is false (the first layer of a model), the layer may skip computing dLoss/dInput and return a
   * tensor of the input's shape with unspecified contents. Omitted means true.
   */
  backward(dy: Tensor, needInputGrad?: boolean): Tensor;
  /** This layer's own parameters (not its children's). */
  params(): readonly Param[];
  /** Nested layers (a residual block's body), in order; empty for plain layers. */
  children(): readonly Layer[];
  /** JSON hyper-parameters sufficient for the layer plugin's `fromConfig` to rebuild an equal, unbuilt layer. */
  config(): LayerConfig;
}

/** Makes layers of one type from their JSON config. */
export interface LayerPlugin {
  /** The layer type it makes: the `type` of the configs it accepts. */
  readonly type: string;
  /** The contract version the plugin was written against: {@link LAYER_API_VERSION}. */
  readonly apiVersion: typeof LAYER_API_VERSION;
  /**
   * Rebuilds an unbuilt layer from `config`. Must validate every field and throw a ValidationError naming it;
   * must never evaluate strings from the config.
   */
  fromConfig(config: LayerConfig, registry: Registry): Layer;
}
