/**
 * The layer plugin contract, version 2. A layer plugin is a *definition* (typed, validated settings; output shape
 * from input shape; parameters with their initialisers and fans; non-trainable state; whether training differs from
 * inference) plus one *executor* per backend (`cpu`, `gpu`) and optional ONNX hooks. Backends plan every layer
 * through the executors, never by its type name; a layer without an executor for a backend runs through that
 * backend's reported fallback.
 *
 * Nothing here depends on a backend: the gpu executor speaks only the interfaces below, which `@rectify/gpu`
 * implements with gpu.js, so core keeps zero dependencies.
 */
import type { HyperParams, OnnxNodeSpec } from '../activation/contract';
import type { Initializer } from '../initializers/contract';
import type { Rng } from '../random';
import type { Registry } from '../registry';
import type { Tensor } from '../tensor';

/** The version of the layer plugin contract this build of core implements. */
export const LAYER_API_VERSION = 2 as const;

// ---- definition ------------------------------------------------------------------------------------------------

/**
 * A trainable array owned by a layer. `value` is the host copy that the CPU backend trains in place, the serializer
 * stores and other backends upload; `grad` accumulates dLoss/dValue during the backward pass (summed over the batch
 * of the last step; the optimizer reads it).
 */
export interface Param {
  /** Name within its layer: `kernel`, `bias`, `projection.kernel`, or an activation's learnable name (`slope`). */
  readonly name: string;
  /** Dimensions; `kernel` is `[inputs, units]`, row-major. */
  readonly shape: readonly number[];
  /** The values, row-major; length is the product of `shape`. */
  readonly value: Float32Array;
  /** dLoss/dValue, same length as `value`; backends zero it at the start of each training step. */
  readonly grad: Float32Array;
  /** Whether L2 regularisation / decoupled weight decay applies (kernels: yes; biases and activation slopes: no). */
  readonly decay: boolean;
}

/**
 * A non-trainable array owned by a layer (BatchNorm's running mean and variance): updated by the layer itself in
 * training mode only, stored by the serializer, never seen by optimizers, L2 or weight decay.
 */
export interface StateBuffer {
  /** Name within its layer, e.g. `runningMean`. */
  readonly name: string;
  /** Dimensions. */
  readonly shape: readonly number[];
  /** The values, row-major; backends keep this host copy current after `sync()`. */
  readonly value: Float32Array;
}

/** How a parameter is created at build time. */
export interface ParamSpec {
  /** Name within the layer (unique among its params and state). */
  readonly name: string;
  /** Dimensions, positive integers. */
  readonly shape: readonly number[];
  /** Whether L2 / weight decay applies. */
  readonly decay: boolean;
  /** Fills the new array, drawing from the model's seeded generator in the order the specs are listed. */
  readonly initializer: Initializer;
  /** The fan-in the initializer sees (inputs per output unit). */
  readonly fanIn: number;
  /** The fan-out the initializer sees (outputs per input unit). */
  readonly fanOut: number;
}

/** How a state buffer is created at build time. */
export interface StateSpec {
  /** Name within the layer (unique among its params and state). */
  readonly name: string;
  /** Dimensions, positive integers. */
  readonly shape: readonly number[];
  /** The initial value of every element (running mean 0, running variance 1). */
  readonly init: number;
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
  /** Where layers look up activation (and child layer) plugins by name. */
  readonly registry: Registry;
}

/**
 * A layer in a model: the plugin that defines it, its typed settings, and once built its shapes, parameters and
 * state. A layer holds data only; backends run it through its plugin's executors.
 */
export interface Layer<S = unknown> {
  /** The plugin type, e.g. `dense` (the plugin's `type`). */
  readonly type: string;
  /** The plugin that defines and executes this layer. */
  readonly plugin: LayerPlugin<S>;
  /** The validated settings; resolved (defaults filled in, names looked up) once built. */
  readonly settings: S;
  /** Whether `build` has run. */
  readonly built: boolean;
  /** Per-sample input shape (set by `build`). */
  readonly inputShape: readonly number[];
  /** Per-sample output shape (set by `build`). */
  readonly outputShape: readonly number[];
  /** Allocates and initialises parameters and state for a per-sample input shape; returns the output shape. */
  build(inputShape: readonly number[], ctx: BuildContext): readonly number[];
  /** This layer's own parameters (not its children's), in {@link LayerDefinition.params} order. */
  params(): readonly Param[];
  /** This layer's own parameter called `name`; throws a ValidationError naming the known ones when absent. */
  param(name: string): Param;
  /** This layer's own non-trainable state buffers. */
  state(): readonly StateBuffer[];
  /** Nested layers (a residual block's body), in order; empty for plain layers. */
  children(): readonly Layer[];
  /** JSON hyper-parameters sufficient for the plugin's `fromConfig` to rebuild an equal, unbuilt layer. */
  config(): LayerConfig;
  /**
   * Runs the layer alone on the host through its plugin's CPU executor (a runner made on first use, over plain
   * arrays): for tools, tests and diagnostics. Backends never call it; they plan their own runners.
   */
  forward(x: Tensor, training: boolean): Tensor;
  /** The backward pass of the runner {@link Layer.forward} used; `needInputGrad` defaults to true. */
  backward(dy: Tensor, needInputGrad?: boolean): Tensor;
}

/** The shapes a definition's build hooks see. */
export interface LayerShapes {
  /** Per-sample input shape. */
  readonly input: readonly number[];
  /** Per-sample output shapes of the children, after they were built in order (empty without children). */
  readonly children: readonly (readonly number[])[];
}

/**
 * What a plugin author writes (see `defineLayer`). `S` is the plugin's typed settings object; JSON crosses
 * `parseConfig` / `toConfig` only, so nothing in a config is ever evaluated.
 */
export interface LayerDefinition<S> {
  /** Registry key and JSON `type`: lower-case kebab-case, unique in an app, e.g. `batch-norm`. */
  readonly type: string;
  /** The contract version the plugin was written against: {@link LAYER_API_VERSION}. */
  readonly apiVersion: typeof LAYER_API_VERSION;
  /** The plugin's own version (semver), for model JSON and error messages. */
  readonly version: string;
  /**
   * Validates settings given in code (the factory's argument) or JSON (after `parseConfig`) and returns them frozen,
   * defaults filled in. Throws a ValidationError naming the field and the fix.
   */
  validate(settings: S): S;
  /**
   * Turns a JSON config into settings; must check every field (unknown fields too) and throw a ValidationError
   * naming it. Child layers and activations are looked up in `registry` by name.
   */
  parseConfig(config: LayerConfig, registry: Registry): S;
  /**
   * The JSON form of a layer's settings: `parseConfig(toConfig(…))` gives equal settings. `layer` is the layer
   * itself, for choices made at build time (a residual block's projection).
   */
  toConfig(settings: S, layer: Layer<S>): LayerConfig;
  /**
   * Settings that can only be completed at build time (an activation named by string, looked up in the model's
   * registry). Default: the settings as they are.
   */
  resolve?(settings: S, ctx: BuildContext): S;
  /** Child layers, built in order before this layer's own parameters (a residual block's body). */
  children?(settings: S): readonly Layer[];
  /**
   * The per-sample output shape for an input shape; throws a ShapeError naming both shapes and the fix when the
   * layer cannot take that input.
   */
  outputShape(settings: S, shapes: LayerShapes): readonly number[];
  /** Trainable parameters, created and initialised in this order (which fixes the draws from the model's rng). */
  params?(settings: S, shapes: LayerShapes): readonly ParamSpec[];
  /** Non-trainable state buffers. */
  state?(settings: S, shapes: LayerShapes): readonly StateSpec[];
  /**
   * Whether the layer computes something else in training than in inference (Dropout, BatchNorm). Backends and
   * the testkit use it; layers that do not declare it must give the same outputs in both modes.
   */
  readonly trainingDiffers?: boolean;
  /** What backends may do with this layer beyond running its executors. */
  readonly capabilities?: LayerCapabilities;
  /** The CPU executor. Every layer needs one: it is the reference and the fallback of every other backend. */
  readonly cpu: CpuLayerExecutor<S>;
  /** The gpu executor; without it `@rectify/gpu` runs the layer on the host and reports that fallback. */
  readonly gpu?: GpuLayerExecutor<S>;
  /** ONNX export and import; without them `@rectify/onnx` rejects the layer with a clear error. */
  readonly onnx?: LayerOnnxHooks<S>;
}

/**
 * A validated layer plugin. Registered in a {@link Registry} so that model JSON can name it; `create` is what a
 * factory such as `dense(16)` calls.
 */
export interface LayerPlugin<S = unknown> extends LayerDefinition<S> {
  /** Brand that tells a layer plugin from other objects. */
  readonly kind: 'layer-plugin';
  /** An unbuilt layer with validated settings. */
  create(settings: S): Layer<S>;
  /** An unbuilt layer from JSON (`parseConfig`, then `create`). */
  fromConfig(config: LayerConfig, registry: Registry): Layer<S>;
}

// ---- capabilities ----------------------------------------------------------------------------------------------

/**
 * Optimisations a layer allows. They are promises about the math, checked by the testkit; a backend that uses one
 * must give bit-identical results to running the layers one after the other.
 */
export interface LayerCapabilities {
  /**
   * The layer's output is a core product followed by a per-row epilogue (dense: `x·W`, then `+ b` row by row), so
   * an element-wise layer after it can run on each row block right after that block's epilogue. Its CPU runner
   * then implements {@link RowEpilogueRunner}.
   */
  readonly rowEpilogue?: boolean;
  /**
   * The layer is element-wise: output element i depends on input element i only (and its channel's parameters),
   * so it may run block by block on whole rows. Its CPU runner then implements {@link ElementwiseRunner}.
   */
  readonly elementwise?: boolean;
}

// ---- cpu executor ----------------------------------------------------------------------------------------------

/**
 * A float32 buffer handed out as `[rows, ...sampleShape]` tensors: the same tensor again for the same row count,
 * so a runner allocates nothing after the first step with a given batch size. Contents are whatever was last
 * written. Tensors from it must not leave the model as they are (they live in the CPU backend's kernel heap).
 */
export interface RowBuffer {
  /** Shape of one row. */
  readonly sampleShape: readonly number[];
  /** A `[rows, ...sampleShape]` tensor over the buffer. */
  get(rows: number): Tensor;
}

/** What a CPU executor is given to set a layer up. */
export interface CpuRunnerContext {
  /** A reusable buffer for outputs or gradients. */
  buffer(sampleShape: readonly number[]): RowBuffer;
  /** The runner of a child layer (planned by the backend, through that child's own executor). */
  runner(child: Layer): CpuLayerRunner;
  /**
   * The layer's own seeded generator for training-time randomness (Dropout masks): forked from the model's
   * generator when the session is created, so runs stay bit-reproducible.
   */
  readonly rng: Rng;
  /** Layer path for error messages, e.g. `layers.3.body.1`. */
  readonly path: string;
}

/**
 * A layer set up for the CPU backend. Inputs and `dy` are never written. The tensors returned are the runner's
 * own buffers, valid until its next call.
 */
export interface CpuLayerRunner {
  /** The output for a batch `[batch, ...inputShape]`. With `training`, keeps what `backward` needs. */
  forward(x: Tensor, training: boolean): Tensor;
  /**
   * Given dLoss/dOutput of the last training-mode forward, ADDS parameter gradients into each `Param.grad` and
   * returns dLoss/dInput. With `needInputGrad` false (the model's first layer) the contents of the returned tensor
   * are unspecified.
   */
  backward(dy: Tensor, needInputGrad: boolean): Tensor;
  /** Present when the layer declares {@link LayerCapabilities.rowEpilogue}. */
  readonly rowEpilogue?: RowEpilogueRunner;
  /** Present when the layer declares {@link LayerCapabilities.elementwise}. */
  readonly elementwise?: ElementwiseRunner;
}

/**
 * The fusion hooks of a {@link LayerCapabilities.rowEpilogue} layer: `forwardCore` then `forwardEpilogue` over
 * every row (in row blocks, in order) gives the same bits as `forward`; likewise `backwardEpilogue` over every
 * row then `backwardCore` for `backward`.
 */
export interface RowEpilogueRunner {
  /** Checks `x`, computes the core product into the output buffer, records `x`; returns the output (no epilogue). */
  forwardCore(x: Tensor, training: boolean): Tensor;
  /** Applies the epilogue to rows `[start, end)` of the tensor `forwardCore` returned. */
  forwardEpilogue(y: Tensor, start: number, end: number): void;
  /** Adds rows `[start, end)` of `dy` into the epilogue's parameter gradients. */
  backwardEpilogue(dy: Tensor, start: number, end: number): void;
  /** The rest of `backward`: core parameter gradients and dLoss/dInput. */
  backwardCore(dy: Tensor, needInputGrad: boolean): Tensor;
}

/**
 * The block-wise hooks of an {@link LayerCapabilities.elementwise} layer: `beginForward`, then `forwardBlock(b)`
 * for each block in order once that block of the input is final, gives the same bits as `forward`.
 */
export interface ElementwiseRunner {
  /** Checks `x`, records it, returns the (not yet computed) output. */
  beginForward(x: Tensor, training: boolean): Tensor;
  /** Number of row blocks of the pass last begun. */
  readonly blockCount: number;
  /** Rows in block `b` (blocks are consecutive from row 0). */
  rowsInBlock(b: number): number;
  /** Computes block `b` of the output. */
  forwardBlock(b: number): void;
  /**
   * Whether `beginBackward` + `backwardBlock` give the same bits as `backward` (false when parameter gradients
   * sum over all rows, which per-block sums would round differently).
   */
  readonly blockwiseBackward: boolean;
  /** Checks `dy`, returns the (not yet computed) input gradient. */
  beginBackward(dy: Tensor): Tensor;
  /** Computes block `b` of the input gradient. */
  backwardBlock(b: number): void;
}

/** The CPU half of a plugin: sets a built layer up as a runner. */
export interface CpuLayerExecutor<S> {
  /** Creates the runner: allocates its buffers (through `ctx.buffer`) and children's runners once. */
  createRunner(layer: Layer<S>, ctx: CpuRunnerContext): CpuLayerRunner;
}

// ---- gpu executor ----------------------------------------------------------------------------------------------

/** A device array (a gpu.js texture) or null where none exists. Opaque to plugins. */
export type GpuHandle = unknown;

/**
 * A step of device work, driven by `@rectify/gpu` (synchronously, or awaiting each kernel on webgpu). Executors
 * only `yield*` the programs the step context gives them and `return` a result.
 */
export type GpuProgram<T> = Generator<unknown, T, unknown>;

/** One gpu.js kernel. The backend compiles each distinct (source, output, constants) once. */
export interface GpuKernelSpec {
  /**
   * The kernel function's source: `function (x, kernel, bias) { ... this.thread.x ... }`. Its parameters are
   * bound BY NAME to the `args` of {@link GpuStepContext.run}; a missing or extra name is a PluginError.
   */
  readonly source: string;
  /** Output size, gpu.js order: `[cols, rows]` for a batch, `[n]` for a vector. */
  readonly output: readonly number[];
  /** Compile-time integer constants (`this.constants.inputs`). */
  readonly constants?: Readonly<Record<string, number>>;
}

/** What a gpu executor is given to compile a layer, once per session. */
export interface GpuPlanContext {
  /** Layer path, e.g. `layers.2.body.0`. */
  readonly path: string;
  /**
   * Adds a helper function to the device's gpu.js instance (once per name) so kernels can call it. A function
   * given as a value keeps its body and is renamed to `name`.
   */
  addFunction(name: string, source: string | ((...args: number[]) => number)): void;
  /** The device program of a child layer (through its own gpu executor, or the host fallback). */
  child(layer: Layer, index: number): GpuLayerProgram;
}

/** What a layer program sees during one step. */
export interface GpuStepContext {
  /** Rows in the batch. */
  readonly rows: number;
  /** Training-mode step (forward keeps what backward needs; stateful layers update their state). */
  readonly training: boolean;
  /** Runs a kernel; the result lives until the end of the step unless handed to `setGrad` or `setState`. */
  run(kernel: GpuKernelSpec, args: Readonly<Record<string, GpuHandle | number>>): GpuProgram<GpuHandle>;
  /** The device copy of this layer's parameter `name` (current values). */
  param(name: string): GpuHandle;
  /** Replaces the gradient of parameter `name` with `grad` (the backend owns it from now on). */
  setGrad(name: string, grad: GpuHandle): void;
  /** The device copy of this layer's state buffer `name`. */
  state(name: string): GpuHandle;
  /** Replaces state buffer `name` with `value` (the backend owns it from now on). */
  setState(name: string, value: GpuHandle): void;
  /** Uploads host values generated for this step (a Dropout mask); lives until the end of the step. */
  upload(values: Float32Array, rows: number, cols: number): GpuProgram<GpuHandle>;
  /** The layer's seeded generator (the same stream as on the CPU backend). */
  readonly rng: Rng;
}

/** A layer compiled for the device. It may keep per-step handles (its input, output) between the two calls. */
export interface GpuLayerProgram {
  /** The output for a batch. */
  forward(x: GpuHandle, step: GpuStepContext): GpuProgram<GpuHandle>;
  /** Sets parameter gradients (`setGrad`) and returns dLoss/dInput, or null when `needInputGrad` is false. */
  backward(dy: GpuHandle, step: GpuStepContext, needInputGrad: boolean): GpuProgram<GpuHandle>;
}

/** The gpu half of a plugin. */
export interface GpuLayerExecutor<S> {
  /**
   * Compiles a built layer for the device, or returns a string saying why it cannot run there (the backend then
   * runs it on the host and reports that reason).
   */
  plan(layer: Layer<S>, ctx: GpuPlanContext): GpuLayerProgram | string;
}

// ---- onnx hooks ------------------------------------------------------------------------------------------------

/** A node an export hook emits. */
export interface OnnxNodeOut {
  /** Operator type, e.g. `Gemm`. */
  readonly opType: string;
  /**
   * A name within the layer (`projection`): the node is named `<path>.<name>`. Unnamed nodes are `<path>`, then
   * `<path>/1`, `<path>/2`, … Outputs are `<node name>/out` (`/out0`, `/out1`, … for several).
   */
  readonly name?: string;
  /** The operator version this node follows (the exporter picks an opset at least this high). */
  readonly sinceVersion: number;
  /** Input tensor names, in order (`''` for an omitted optional input). */
  readonly inputs: readonly string[];
  /** How many outputs; default 1. */
  readonly outputCount?: number;
  /** Attributes: numbers (float unless `ints` lists the name), number arrays, strings, or string lists (STRINGS). */
  readonly attributes?: Readonly<Record<string, number | readonly number[] | string | readonly string[]>>;
  /** Names of attributes to write as INT / INTS. */
  readonly ints?: readonly string[];
}

/** What an export hook is given; names are made unique by the exporter. */
export interface OnnxExportContext {
  /** The layer path, used to name nodes and initializers. */
  readonly path: string;
  /**
   * Adds a float32 initializer (a copy of `values`) named `<path>.<name>`, so names only need to be unique within
   * the layer (`kernel`, `runningMean`), and returns the full name.
   */
  initializer(name: string, dims: readonly number[], values: Float32Array): string;
  /** Adds an int64 initializer (shapes for Reshape) named `<path>.<name>` and returns the full name. */
  intInitializer(name: string, dims: readonly number[], values: readonly number[]): string;
  /** Adds a node and returns its output names. */
  node(node: OnnxNodeOut): readonly string[];
  /** Exports a child layer from tensor `input`; returns its output tensor. */
  child(layer: Layer, index: number, input: string): string;
  /** Exports an activation (through its own hook) applied to `input`; returns its output tensor. */
  activation(layer: Layer, input: string): string;
}

/** A read-only view of an ONNX node, for import hooks. */
export interface OnnxNodeView {
  /** Operator type. */
  readonly opType: string;
  /** Node name (may be empty). */
  readonly name: string;
  /** Input tensor names (`''` for omitted optional inputs). */
  readonly inputs: readonly string[];
  /** Output tensor names. */
  readonly outputs: readonly string[];
  /**
   * A float or int attribute, a list of them, or a string; a list of strings (STRINGS, such as RNN's `activations`)
   * comes as its items joined by `,`. Undefined when absent.
   */
  attribute(name: string): number | readonly number[] | string | undefined;
}

/** A constant tensor of an imported graph, as float32. */
export interface OnnxConstant {
  /** Its dimensions. */
  readonly dims: readonly number[];
  /** Its values, row-major. */
  readonly values: Float32Array;
}

/** A read-only view of the graph being imported. */
export interface OnnxGraphView {
  /** The node producing `tensor`, or null for graph inputs and initializers. */
  producer(tensor: string): OnnxNodeView | null;
  /** The value of a constant tensor (initializer or Constant node) as float32 with its dims, or null. */
  constant(tensor: string): OnnxConstant | null;
  /** How many nodes read `tensor` (a subgraph may only absorb tensors it alone reads). */
  consumers(tensor: string): number;
  /**
   * The layers computing `target` from `source`, found by the importer's own walk with every registered hook (a
   * block's body), or null when `target` is not computed from `source`. A hook that nests layers puts their
   * `configs` in its config and returns the chain in {@link OnnxLayerMatch.children}, so their weights reach the
   * built children.
   */
  layers(target: string, source: string): OnnxImportedLayers | null;
}

/** Layers the importer recognised between two tensors of the graph (see {@link OnnxGraphView.layers}). */
export interface OnnxImportedLayers {
  /** The layers' JSON configs, in order. */
  readonly configs: readonly LayerConfig[];
}

/** A subgraph an import hook recognised as one layer. */
export interface OnnxLayerMatch {
  /** The layer's JSON config (validated by the plugin's `parseConfig` after the hook returns). */
  readonly config: LayerConfig;
  /** The tensor the layer reads (where the importer continues backwards). */
  readonly input: string;
  /** Parameter values by name; the importer checks their lengths once the layer is built. */
  readonly params?: Readonly<Record<string, Float32Array>>;
  /** State values by name. */
  readonly state?: Readonly<Record<string, Float32Array>>;
  /**
   * Chains from {@link OnnxGraphView.layers} that became the layer's children, in the order of its `children()`:
   * the importer copies their weights into them.
   */
  readonly children?: readonly OnnxImportedLayers[];
  /**
   * The per-sample input shape the matched weights imply (a dense layer's `[inputs]`): the importer checks what
   * reaches the layer against it and names both when they differ.
   */
  readonly inputShape?: readonly number[];
}

/** ONNX hooks of a layer plugin. */
export interface LayerOnnxHooks<S> {
  /**
   * Emits the nodes computing the layer (inference mode) from tensor `input`, with its learned values (params and
   * state) as initializers; returns the output tensor name. May emit several nodes.
   */
  export?(layer: Layer<S>, input: string, ctx: OnnxExportContext): string;
  /** Recognises the layer in an imported graph. */
  readonly import?: OnnxLayerImport;
}

/** An import hook: the importer walks back from the graph output and offers each node to the hooks of its op type. */
export interface OnnxLayerImport {
  /** Operator types of the LAST node of the subgraph it recognises (the node producing the layer's output). */
  readonly opTypes: readonly string[];
  /**
   * Returns the layer ending at `node`, or null when the subgraph is not this layer. Throws a RectifyError only for
   * a subgraph it recognises but cannot express (the message says why and what to do); the importer reports it
   * when no other plugin imports the node.
   */
  match(node: OnnxNodeView, graph: OnnxGraphView): OnnxLayerMatch | null;
}

/** ONNX hooks of an activation plugin (see the activation contract's `onnx` field). */
export interface ActivationOnnxHooks {
  /**
   * Emits the node(s) computing the activation from tensor `input`, learnable values as initializers, and returns
   * the output tensor name. (The older one-node form, `export.onnx` returning an {@link OnnxNodeSpec}, still works.)
   */
  export?(hyper: HyperParams, learnable: Readonly<Record<string, Float32Array>>, input: string, ctx: OnnxExportContext): string;
  /** Recognises the activation from one node: its hyper-parameters and learnable values, or null. */
  readonly import?: {
    /** Operator types it recognises. */
    readonly opTypes: readonly string[];
    /** Hyper-parameters (and learnable values) for `node`, or null when this plugin does not express it. */
    match(node: OnnxNodeView, graph: OnnxGraphView): ActivationOnnxMatch | null;
  };
}

/** What an activation's import hook recognised in a node. */
export interface ActivationOnnxMatch {
  /** The activation's hyper-parameters. */
  readonly hyper: HyperParams;
  /** Its learnable values by name, when the node carries them. */
  readonly learnable?: Readonly<Record<string, Float32Array>>;
  /**
   * The tensor the activation reads, where the importer continues backwards (default: the node's first input). A
   * hook that recognises several nodes ending at `node` (Swish as `Mul(x, Sigmoid(Mul(x, β)))`) names their input.
   */
  readonly input?: string;
}
