import type { CheckResult, Tolerance } from '../types';

/** A trainable array of a tested layer. */
export interface LayerParamView {
  /** Name, unique in the layer (nested layers' parameters by path: `body.0.kernel`). */
  readonly name: string;
  /** The values; trained in place. */
  readonly value: Float32Array;
  /** dLoss/dValue; backward adds into it. */
  readonly grad: Float32Array;
}

/** A non-trainable state buffer of a tested layer. */
export interface LayerStateView {
  /** Name, unique in the layer. */
  readonly name: string;
  /** The values. */
  readonly value: Float32Array;
}

/**
 * The surface of a layer the layer conformance suite drives: one built layer instance on the CPU. An adapter maps a
 * layer plugin onto it ({@link layerSubject} does so for layer plugins), so the checks do not
 * depend on how a backend stores buffers.
 */
export interface LayerInstance {
  /** Per-sample output shape. */
  readonly outputShape: readonly number[];
  /** Trainable parameters: `value` is trained in place, backward ADDS into `grad`. */
  params(): readonly LayerParamView[];
  /** Non-trainable state (running statistics, …): read by inference, updated only by training forwards. */
  state(): readonly LayerStateView[];
  /**
   * Runs the layer on `[batch, ...inputShape]`. Any randomness (dropout masks) must come from `seed` alone, so two
   * calls with the same seed and state give the same output. The result may be a reused buffer.
   */
  forward(x: Float32Array, batch: number, training: boolean, seed: number): Float32Array;
  /** dLoss/dInput of the last forward given dLoss/dOutput; adds parameter gradients. The result may be reused. */
  backward(dy: Float32Array): Float32Array;
  /** The layer as JSON-compatible data: its config, parameter values and state. */
  serialize(): unknown;
}

/** What the CPU ≡ gpu check gets back from a gpu run of the same layer. */
export interface GpuLayerRun {
  /** The forward output. */
  readonly y: Float32Array;
  /** dLoss/dInput. */
  readonly dx: Float32Array;
  /** Each parameter's gradient, by name. */
  readonly grads: Readonly<Record<string, Float32Array>>;
  /** Each state buffer after the call, by name. */
  readonly state: Readonly<Record<string, Float32Array>>;
}

/** A layer to test: how to make instances of it, and optionally how to run it elsewhere. */
export interface LayerSubject {
  /** Shown in test titles and failures, e.g. `batch-norm [4]`. */
  readonly name: string;
  /** Per-sample input shape. */
  readonly inputShape: readonly number[];
  /**
   * Whether the layer computes something else in training than in inference. When false, the contract check asserts
   * that both modes give the same outputs. Omitted: not checked.
   */
  readonly trainingDiffers?: boolean;
  /** A fresh, built instance; the same seed must give the same parameters. */
  create(seed: number): LayerInstance;
  /** Rebuilds an instance from {@link LayerInstance.serialize}'s output after a JSON round trip. */
  restore(data: unknown): LayerInstance;
  /**
   * Runs `instance`'s parameters and state through one forward and backward on a gpu.js mode. Present only for layers
   * with a gpu executor.
   */
  gpu?: {
    /** gpu.js modes to compare, e.g. `['headlessgl', 'cpu']`; each must really run. */
    readonly modes: readonly string[];
    /** One forward (+ backward) on `mode` with the instance's parameters and state. */
    run(
      mode: string,
      instance: LayerInstance,
      x: Float32Array,
      batch: number,
      dy: Float32Array,
      training: boolean,
    ): Promise<GpuLayerRun> | GpuLayerRun;
  };
  /**
   * Runs the instance's exported ONNX model in onnxruntime and returns the inference output. Present only when the
   * plugin declares an ONNX mapping; return `undefined` when onnxruntime-node is not installed (noted, not passed).
   */
  onnx?: (instance: LayerInstance, x: Float32Array, batch: number) => Promise<Float32Array | undefined>;
  /**
   * Checks the plugin's ONNX import hook against what its export wrote, for `instance`. Present only when the
   * plugin declares an import hook.
   */
  onnxImport?: (instance: LayerInstance) => CheckResult;
}

/** Options of the layer conformance suite. Every field is optional. */
export interface LayerConformanceOptions {
  /** Batch size of the tested calls. Default 4. */
  readonly batch?: number;
  /** Seed of inputs and upstream gradients. Default 1234. */
  readonly seed?: number;
  /** Inputs are `scale · normal`. Default 1. */
  readonly inputScale?: number;
  /** Backward vs finite differences. Default `{ rtol: 1e-3, atol: 1e-4 }` (the forward runs in float32). */
  readonly gradientTolerance?: Tolerance;
  /** CPU vs gpu and vs onnxruntime. Default `{ rtol: 1e-4, atol: 1e-5 }`. */
  readonly agreementTolerance?: Tolerance;
  /** Forward + backward calls measured by the allocation check. Default 200. */
  readonly allocationCalls?: number;
}
