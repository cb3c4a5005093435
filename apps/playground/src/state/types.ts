import type { SequenceSpec } from './sequence-types';

/** Names of the generated two-class data sets. */
export type ClassificationSet = 'circles' | 'xor' | 'gaussians' | 'spirals' | 'moons';
/** Names of the generated regression data sets. */
export type RegressionSet = 'plane' | 'bumps';
/** Image sets, read by convolutional networks as `[channels, height, width]`: MNIST digits, bars and stripes. */
export type ImageSet = 'mnist' | 'bars';
/** Every data set the playground offers. */
export type DatasetName = ClassificationSet | RegressionSet | ImageSet;

/**
 * Extra input features computed from a point (x₁, x₂) of the plane, as in TensorFlow Playground: `x1sq` x₁²,
 * `x2sq` x₂², `x1x2` x₁·x₂, `sinx1` sin(x₁), `sinx2` sin(x₂). The model reads x₁, x₂ and then these, in this order.
 */
export type FeatureName = 'x1sq' | 'x2sq' | 'x1x2' | 'sinx1' | 'sinx2';

/** Which data to train on. */
export interface DatasetSpec {
  readonly name: DatasetName;
  /** Total samples (train + test) for the generated sets; MNIST caps at what the package ships. */
  readonly samples: number;
  /** Noise level in [0, 1]: 0 is clean, 1 makes the classes overlap heavily. */
  readonly noise: number;
  /** Fraction of samples kept for training, in (0, 1). */
  readonly trainFraction: number;
  /** Fraction of the positive class in two-class sets; 0.5 is balanced, 0.1 is the imbalanced variant. */
  readonly positiveFraction: number;
  /** Seed of the data generator (separate from the model's seed so both can vary alone). */
  readonly seed: number;
  /** Input features added to x₁ and x₂ (2-D sets only), in the order of `FEATURE_NAMES`; absent means none. */
  readonly features?: readonly FeatureName[];
}

/** A normalisation after a hidden layer's dense (or Maxout) layer, before its activation (`@rectify/norm`). */
export type NormName = 'batch-norm' | 'layer-norm';

/**
 * One hidden layer: a dense layer, an optional norm, its activation, then optional dropout. With `unit: 'maxout'`
 * a Maxout layer (2 pieces per unit) replaces the dense layer and is the non-linearity, so `activation` is not used.
 * The optional fields are absent at their defaults, so links made before they existed read back unchanged.
 */
export interface HiddenLayerSpec {
  readonly units: number;
  /** The unit kind: absent for dense + activation, `maxout` for a Maxout layer. */
  readonly unit?: 'maxout';
  /** The norm after the dense layer; absent for none. */
  readonly norm?: NormName;
  /** Dropout rate after the activation, in (0, 1); absent for none. */
  readonly dropout?: number;
  /** Registered activation plugin name, e.g. `relu`, `leaky-relu`, `swish`. */
  readonly activation: string;
  /** Hyper-parameters of the activation; missing ones take the plugin's defaults. */
  readonly hyper: Readonly<Record<string, number>>;
}

/** A convolution stage: `conv2d → activation` (`@rectify/conv`), NCHW. */
export interface ConvStageSpec {
  readonly kind: 'conv';
  /** Output channels (filters). */
  readonly channels: number;
  /** Square kernel side. */
  readonly kernel: number;
  readonly stride: number;
  /** Zeros added on every side. */
  readonly padding: number;
  /** Registered activation plugin name, applied per position and channel. */
  readonly activation: string;
}

/** A pooling stage: a `size × size` window with stride `size`. */
export interface PoolStageSpec {
  readonly kind: 'pool';
  readonly pool: 'max' | 'avg';
  readonly size: number;
}

/** One stage of the convolutional front of a network. */
export type ConvStage = ConvStageSpec | PoolStageSpec;

/** The network between the input and the output layer. */
export interface NetworkSpec {
  /**
   * Convolution and pooling stages before the dense layers (image sets only), then a flatten; absent for a plain
   * dense network, so links made before CNNs existed read back unchanged.
   */
  readonly conv?: readonly ConvStage[];
  readonly hidden: readonly HiddenLayerSpec[];
  /** Wrap every hidden layer after the first in a residual block (x + f(x)). */
  readonly residual: boolean;
}

/** Optimizer names. */
export type OptimizerName = 'sgd' | 'adam' | 'adamw';
/** Weight initialiser names. */
export type InitializerName =
  | 'heNormal'
  | 'heUniform'
  | 'glorotNormal'
  | 'glorotUniform'
  | 'lecunNormal'
  | 'lecunUniform'
  /** Lu et al.'s randomized asymmetric initialisation; it fills the biases too (the bias setting is not used). */
  | 'randomizedAsymmetric'
  /** Every weight 0, the output layer's too. */
  | 'zeros'
  /** Every weight 0.1, the output layer's too: every unit of a layer starts identical. */
  | 'constant';
/** Loss names; `auto` picks from the data set (BCE for two classes, softmax CE for MNIST, MSE for regression). */
export type LossChoice = 'auto' | 'mse' | 'bce-with-logits' | 'softmax-cross-entropy';

/** How to train. */
export interface TrainingSpec {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly loss: LossChoice;
  readonly kernelInit: InitializerName;
  /** Constant every bias starts at; large negative values kill ReLU units at birth. */
  readonly biasInit: number;
  readonly l2: number;
  /** L1 strength: adds L1 × Σ|w| to the loss, driving weights to exactly 0. */
  readonly l1: number;
  /** Seed of the model's initialisation and batch shuffling. */
  readonly seed: number;
}

/** Where training runs. */
export interface BackendSpec {
  readonly kind: 'cpu' | 'gpu';
  /** gpu.js mode requested (`auto`, `webgl2`, `webgl`, `cpu`, ...); ignored by the CPU backend. */
  readonly gpuMode: string;
}

/** The whole state of a run: enough to reproduce it exactly. It is what the URL carries. */
export interface PlaygroundState {
  readonly dataset: DatasetSpec;
  readonly network: NetworkSpec;
  readonly training: TrainingSpec;
  readonly backend: BackendSpec;
  /** Activations trained side by side in compare mode (empty: compare is off). */
  readonly compare: readonly string[];
  /** The scenario whose variants are training side by side, if one was started. */
  readonly scenario?: string;
  /** The sequence view's task and recurrent network; absent until it is changed (links from before it decode unchanged). */
  readonly sequence?: SequenceSpec;
}
