import {
  createDefaultRegistry,
  createRng,
  type CpuLayerRunner,
  type CpuRunnerContext,
  type Layer,
  loadModel,
  type Registry,
  type RowBuffer,
  type Sequential,
  sequential,
  serializeModel,
  Tensor,
} from '@rectify/core';
import type { LayerInstance, LayerSubject } from './contract';
import { type LayerGpuOption, runLayerOnGpu } from './gpu-harness';
import { checkLayerOnnxImport, type OnnxModelData } from './onnx-import-check';

const models = new WeakMap<LayerInstance, Sequential>();

/** Options of {@link layerSubject}. */
export interface LayerSubjectOptions {
  /** Shown in test titles. Default: the layer type and input shape. */
  readonly name?: string;
  /** Where model JSON looks the layer's plugin (and its children's) up. Default: core's default registry. */
  readonly registry?: Registry;
  /**
   * gpu.js and the modes to compare the plugin's gpu executor with its CPU executor on; omit for a layer without a
   * gpu executor.
   */
  readonly gpu?: LayerGpuOption;
  /**
   * Exports the one-layer model (with `@rectify/onnx`) and runs it in onnxruntime on `x` `[batch, ...inputShape]`,
   * returning the output, or undefined when onnxruntime-node is not installed. Given for plugins with an ONNX
   * mapping; the testkit depends on neither package.
   */
  readonly onnx?: (model: Sequential, x: Float32Array, batch: number) => Promise<Float32Array | undefined>;
  /**
   * `buildOnnxModelProto` from `@rectify/onnx`: with it, a plugin that declares an ONNX import hook is checked to
   * recognise what its export wrote.
   */
  readonly onnxProto?: (model: Sequential) => OnnxModelData;
}

/** A RowBuffer on a plain Float32Array: the same tensor again for the same row count. */
function rowBuffer(sampleShape: readonly number[]): RowBuffer {
  const perRow = sampleShape.reduce((a, b) => a * b, 1);
  let last: Tensor | undefined;
  return {
    sampleShape,
    get(rows) {
      if (last?.shape[0] !== rows) last = new Tensor(new Float32Array(rows * perRow), [rows, ...sampleShape]);
      return last;
    },
  };
}

function createRunner(layer: Layer, path: string, rng: ReturnType<typeof createRng>): CpuLayerRunner {
  const ctx: CpuRunnerContext = {
    buffer: rowBuffer,
    runner: (child) => createRunner(child, `${path}.body.${layer.children().indexOf(child)}`, rng),
    rng,
    path,
  };
  return layer.plugin.cpu.createRunner(layer, ctx);
}

/** Every parameter of a layer and its children, named by path below the layer (`kernel`, `body.0.kernel`). */
function allParams(layer: Layer, prefix = ''): { name: string; value: Float32Array; grad: Float32Array }[] {
  return [
    ...layer.params().map((p) => ({ name: `${prefix}${p.name}`, value: p.value, grad: p.grad })),
    ...layer.children().flatMap((c, i) => allParams(c, `${prefix}body.${i}.`)),
  ];
}

function allState(layer: Layer, prefix = ''): { name: string; value: Float32Array }[] {
  return [
    ...layer.state().map((s) => ({ name: `${prefix}${s.name}`, value: s.value })),
    ...layer.children().flatMap((c, i) => allState(c, `${prefix}body.${i}.`)),
  ];
}

function instanceOf(model: Sequential, inputShape: readonly number[]): LayerInstance {
  const layer = model.layers[0];
  const rng = createRng(0);
  const runner = createRunner(layer, 'layers.0', rng);
  let input: Tensor | undefined;
  let upstream: Tensor | undefined;
  const instance: LayerInstance = {
    outputShape: layer.outputShape,
    params: () => allParams(layer),
    state: () => allState(layer),
    forward(x, batch, training, seed) {
      if (input?.data !== x || input.shape[0] !== batch) input = new Tensor(x, [batch, ...inputShape]);
      rng.setState(createRng(seed).getState());
      return runner.forward(input, training).data;
    },
    backward(dy) {
      const batch = input?.shape[0] ?? 0;
      if (upstream?.data !== dy || upstream.shape[0] !== batch) upstream = new Tensor(dy, [batch, ...layer.outputShape]);
      return runner.backward(upstream, true).data;
    },
    serialize: () => serializeModel(model),
  };
  models.set(instance, model);
  return instance;
}

/**
 * A {@link LayerSubject} for a layer plugin: `make()` returns an unbuilt layer (`batchNorm()`), built inside a
 * one-layer `sequential` model with the given seed and run through its plugin's CPU executor; serialisation is
 * core's model JSON (`serializeModel` / `loadModel`), so the round trip covers parameters and state as models store
 * them.
 */
export function layerSubject(make: () => Layer, inputShape: readonly number[], options: LayerSubjectOptions = {}): LayerSubject {
  const registry = options.registry ?? createDefaultRegistry();
  const probe = make();
  return {
    name: options.name ?? `${probe.type} [${inputShape}]`,
    inputShape,
    trainingDiffers: probe.plugin.trainingDiffers ?? false,
    create: (seed) => instanceOf(sequential({ inputShape: [...inputShape], seed, layers: [make()], registry }), inputShape),
    restore: (data) => instanceOf(loadModel(data as string, { registry }), inputShape),
    gpu: options.gpu && {
      modes: options.gpu.modes,
      run(mode, instance, x, batch, dy, training) {
        const model = models.get(instance);
        if (!model) throw new Error('not an instance of this subject');
        return runLayerOnGpu(options.gpu!, mode, model.layers[0], x, batch, dy, training, 77);
      },
    },
    onnx:
      options.onnx &&
      ((instance, x, batch) => {
        const model = models.get(instance);
        if (!model) throw new Error('not an instance of this subject');
        return options.onnx!(model, x, batch);
      }),
    onnxImport:
      options.onnxProto && probe.plugin.onnx?.import
        ? (instance) => {
            const model = models.get(instance);
            if (!model) throw new Error('not an instance of this subject');
            return checkLayerOnnxImport(model, options.onnxProto!(model).graph ?? {}, options.registry);
          }
        : undefined,
  };
}
