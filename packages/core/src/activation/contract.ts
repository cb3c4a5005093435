import type { ActivationOnnxHooks } from '../layers/contract';
/** The version of the activation plugin contract this build of core implements. */
export const ACTIVATION_API_VERSION = 1 as const;

/** A numeric hyper-parameter: validated, defaulted and serialised by core. */
export interface HyperParamSpec {
  /** Value used when the user gives none. */
  readonly default: number;
  /** Smallest allowed value (inclusive unless `exclusiveMin`). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** When true, `min` itself is not allowed. */
  readonly exclusiveMin?: boolean;
  /** When true, the value must be an integer. */
  readonly integer?: boolean;
  /** When true, `Infinity` is accepted (a ReLU cap of Infinity means "no cap"). Never NaN. */
  readonly allowInfinity?: boolean;
  /** One line for docs and the playground. */
  readonly description?: string;
}

/**
 * Resolved hyper-parameter values, by name. A plugin made by {@link defineActivation} narrows `P` to the names it
 * declares, so a misspelt name (`hyper.treshold`) does not compile.
 */
export type HyperParams<P extends string = string> = { readonly [K in P]: number };

/** The values of learnable parameters for one element, by name (`L` narrowed like {@link HyperParams}). */
export type LearnableValues<L extends string = string> = { readonly [K in L]: number };

/** Learnable parameter arrays (length 1 when shared, `channels` otherwise), by name. */
export type LearnableArrays<L extends string = string> = { readonly [K in L]: Float32Array };

/**
 * Hyper-parameters a user passes when configuring a plugin: any subset of the declared names. A plugin that
 * declares none accepts only `{}`, so a stray key does not compile.
 */
export type HyperInput<P extends string = string> = [P] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [K in P]?: number };

/**
 * The float64 scalar reference `f(x)`, the independent truth for tests. Declared with method syntax so a plugin
 * with narrowed names is still an {@link ActivationPlugin} with the default (any-name) parameters.
 */
export interface ReferenceFunction<P extends string = string, L extends string = string> {
  /** `f(x)` in float64 for the given hyper-parameters and learnable values. */
  bivariant(x: number, hyper: HyperParams<P>, learnable: LearnableValues<L>): number;
}

/** The function type of {@link ReferenceFunction}: `(x, hyper, learnable) => f(x)`. */
export type Reference<P extends string = string, L extends string = string> = ReferenceFunction<P, L>['bivariant'];

/**
 * A learnable parameter of an activation (PReLU's slope). Core allocates it, the optimizers update it,
 * the serializer stores it and the diagnostics report it.
 */
export interface LearnableParamSpec<P extends string = string> {
  /**
   * How many values: 1 means one value shared by every unit; otherwise it must equal the layer's channel
   * count (dimension 1 of `[batch, channels, ...]`, the units of a dense layer). Checked when the layer is built.
   */
  size(hyper: HyperParams<P>): number;
  /** The initial value of every element. */
  init(hyper: HyperParams<P>): number;
  /** One line for docs and the playground. */
  readonly description?: string;
}

/**
 * What a kernel sees besides its arrays. Arrays may be longer than `length` (buffers are reused across
 * batch sizes): a kernel reads and writes indices `[0, length)` only.
 */
export interface KernelContext<P extends string = string, L extends string = string> {
  /** Number of elements to process. */
  readonly length: number;
  /** Channel count: element `i` belongs to channel `((i / inner) | 0) % channels`. */
  readonly channels: number;
  /** Elements per channel per sample (1 for the output of a dense layer). */
  readonly inner: number;
  /** Resolved hyper-parameters. */
  readonly hyper: HyperParams<P>;
  /** Current values of the learnable parameters (length 1 when shared, `channels` otherwise). */
  readonly params: LearnableArrays<L>;
  /** Gradient accumulators for the learnable parameters: `backward` ADDS dLoss/dParam into them. */
  readonly grads: LearnableArrays<L>;
}

/**
 * CPU kernels. They must not allocate per call, must not write to their inputs, and must write
 * every output element in `[0, length)`.
 */
export interface CpuActivationKernels<P extends string = string, L extends string = string> {
  /** `y[i] = f(x[i])`. */
  forward(x: Float32Array, y: Float32Array, ctx: KernelContext<P, L>): void;
  /**
   * `dx[i] = f'(x[i]) * dy[i]` (`y` is the forward output, for activations whose derivative is cheaper from it),
   * and for each learnable parameter `grads[name][c] += sum over its elements of df/dparam * dy`.
   */
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, ctx: KernelContext<P, L>): void;
}

/**
 * gpu.js kernel functions: plain element-wise JavaScript functions that gpu.js compiles to shaders, so a
 * plugin ships them without depending on gpu.js. After the fixed arguments come the hyper-parameters in the
 * order they are declared in `params`, then the value of each learnable parameter (in declaration order) for the
 * element's channel. Use only what gpu.js can compile: arithmetic, comparisons, `Math.*`, ternaries, locals.
 */
export interface GpuActivationKernels<L extends string = string> {
  /** `(x, ...hyper, ...learnable) => y` */
  readonly forward: (...args: number[]) => number;
  /** `(x, y, dy, ...hyper, ...learnable) => dx` */
  readonly backward: (...args: number[]) => number;
  /**
   * One function per learnable parameter: `(x, y, dy, ...hyper, ...learnable) => contribution`; the backend sums
   * the contributions over every element of a channel (or all elements when the parameter is shared).
   */
  readonly paramGrads?: { readonly [K in L]: (...args: number[]) => number };
}

/** A scalar helper: a named plain `function` of numbers, e.g. `function erf(x) { … }`. */
export type HelperFunction = (...args: number[]) => number;

/** An extra input of an exported ONNX node: a scalar constant or one of the plugin's learnable parameters. */
export type OnnxInputSpec =
  | {
      /** A scalar, exported as a rank-0 float32 initializer. */
      readonly constant: number;
    }
  | {
      /** The key of a learnable parameter; its current values become the input. */
      readonly learnable: string;
    };

/** How an activation maps to one ONNX node. */
export interface OnnxNodeSpec {
  /** ONNX operator type, e.g. `LeakyRelu`. */
  readonly opType: string;
  /** The operator version the mapping follows (the exporter picks an opset at least this high). */
  readonly sinceVersion: number;
  /** Attributes of the node. */
  readonly attributes?: Readonly<Record<string, number>>;
  /** Inputs after `X`, in order. An omitted optional input is `null`. */
  readonly inputs?: readonly (OnnxInputSpec | null)[];
}

/** Which gradient a kernel returns at exactly 0, for the testkit and docs (PyTorch's choice). */
export interface ZeroConvention<P extends string = string, L extends string = string> {
  /** d f / d x at x = 0 (may depend on hyper-parameters and learnables). */
  dx(hyper: HyperParams<P>, learnable: LearnableValues<L>): number;
  /** d f / d param at x = 0, per learnable parameter. */
  readonly dParams?: { readonly [K in L]?: ZeroGradient<P, L> };
}

/** One value of {@link ZeroConvention.dParams}: `(hyper, learnable) => d f / d param at x = 0`. */
export type ZeroGradient<P extends string = string, L extends string = string> = {
  /** The partial at exactly 0. */
  at(hyper: HyperParams<P>, learnable: LearnableValues<L>): number;
}['at'];

/**
 * The definition a plugin author writes. See {@link defineActivation}, which infers `P` (hyper-parameter names) and
 * `L` (learnable names) from `params` and `learnable`, so every callback sees exactly those names.
 */
export interface ActivationDefinition<P extends string = string, L extends string = string> {
  /** Registry key: lower-case kebab-case, unique in an app, e.g. `leaky-relu`. */
  readonly name: string;
  /** The contract version the plugin was written against: {@link ACTIVATION_API_VERSION}. */
  readonly apiVersion: typeof ACTIVATION_API_VERSION;
  /**
   * The npm package that provides the plugin (`@rectify/relu`, `rectify-plugin-swish`). Model JSON records it, so
   * loading a model whose plugin is not registered names the package to install.
   */
  readonly package?: string;
  /** The plugin's own version (semver), stored in model JSON. Defaults to `0.0.0`. */
  readonly version?: string;
  /** A human-readable name for menus and docs. */
  readonly displayName?: string;
  /** Hyper-parameters with defaults and ranges. */
  readonly params?: { readonly [K in P]: HyperParamSpec };
  /** Learnable parameters. */
  readonly learnable?: { readonly [K in L]: LearnableParamSpec<NoInfer<P>> };
  /**
   * The activation written once, as scalar functions with the gpu.js argument order (`forward(x, ...hyper,
   * ...learnable)`, `backward(x, y, dy, ...)` = f'(x)·dy, `paramGrads[name](x, y, dy, ...)` = ∂f/∂name·dy). Core
   * derives allocation-free CPU kernels from them when `cpu` is not given, and they are the gpu.js functions when
   * `gpu` is not given. With hand-written `cpu` kernels as well, the testkit checks those against these.
   */
  readonly scalar?: GpuActivationKernels<NoInfer<L>>;
  /**
   * Scalar helper functions (erf, softplus, …) that `scalar` and `gpu` functions call by name: named plain
   * `function`s taking and returning numbers, declared once and usable from CPU code (as ordinary functions) and
   * from gpu.js (added with `addFunction`).
   */
  readonly helpers?: readonly HelperFunction[];
  /** CPU kernels: required unless `scalar` is given (then they are an optional fast path). */
  readonly cpu?: CpuActivationKernels<NoInfer<P>, NoInfer<L>>;
  /** gpu.js kernel functions (default: `scalar`; without either the gpu backend runs this layer on the CPU and reports it). */
  readonly gpu?: GpuActivationKernels<NoInfer<L>>;
  /** The gradient convention at exactly 0. */
  readonly atZero?: ZeroConvention<NoInfer<P>, NoInfer<L>>;
  /** The gain an initializer should use for weights feeding this activation (He: √2 for ReLU). */
  initGain?(hyper: HyperParams<NoInfer<P>>): number;
  /** Reference scalar implementation in float64, used by tests and the testkit as the independent truth. */
  readonly reference?: Reference<NoInfer<P>, NoInfer<L>>;
  /**
   * ONNX hooks: `export` emits the node(s) for the activation with its learned values (taking precedence over
   * `export.onnx`), `import` recognises it in an imported graph. `@rectify/onnx` holds no activation names: an
   * activation without an import hook cannot be imported.
   */
  readonly onnx?: ActivationOnnxHooks;
  /** Export metadata. */
  readonly export?: {
    /** Maps resolved hyper-parameters to one ONNX node; without it the activation cannot be exported to ONNX. */
    onnx?(hyper: HyperParams<NoInfer<P>>): OnnxNodeSpec;
  };
}

/**
 * A validated activation plugin. It is also callable: `leakyRelu({ negativeSlope: 0.1 })` returns a configured
 * activation to pass to {@link activation}.
 */
export interface ActivationPlugin<P extends string = string, L extends string = string>
  extends ActivationDefinition<P, L>,
    Configure<P> {
  /** Brand that tells a plugin from a {@link ConfiguredActivation}. */
  readonly kind: 'activation';
  /** The plugin's version; `0.0.0` when the definition gave none. */
  readonly version: string;
  /** The definition's display name, or `name` when it gave none. */
  readonly displayName: string;
  /** CPU kernels: the definition's, or those derived from its `scalar` functions. */
  readonly cpu: CpuActivationKernels<P, L>;
  /** Helper functions the gpu functions call (empty when the definition declared none). */
  readonly helpers: readonly HelperFunction[];
  /** Hyper-parameters (empty when the definition declared none). */
  readonly params: { readonly [K in P]: HyperParamSpec };
  /** Learnable parameters (empty when the definition declared none). */
  readonly learnable: { readonly [K in L]: LearnableParamSpec<P> };
  /** Fills in defaults and validates user-supplied hyper-parameters. Throws a ValidationError naming the problem. */
  resolve(hyper?: HyperInput<P>): HyperParams<P>;
}

/**
 * The call signature of a plugin: `relu({ cap: 6 })` gives a configured activation. Taken from a method so that a
 * plugin with narrowed names stays assignable to the default {@link ActivationPlugin}.
 */
export type Configure<P extends string = string> = {
  /** A configured use of this plugin. */
  configure(hyper?: HyperInput<P>): ConfiguredActivation;
}['configure'];

/** A plugin whose definition supplied a `reference`: the returned type says it is there. */
export interface ActivationPluginWithReference<P extends string = string, L extends string = string>
  extends ActivationPlugin<P, L> {
  /** The definition's float64 reference. */
  readonly reference: Reference<P, L>;
}

/** A plugin together with its hyper-parameters. */
export interface ConfiguredActivation {
  /** Brand that tells a configured activation from a plugin. */
  readonly kind: 'configured-activation';
  /** The plugin being configured. */
  readonly plugin: ActivationPlugin;
  /** Hyper-parameters already validated and defaulted by `plugin.resolve`. */
  readonly hyper: HyperParams;
}
