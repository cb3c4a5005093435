import {
  ActivationLayer,
  Dense,
  type Layer,
  ModelFormatError,
  type Param,
  PluginError,
  Residual,
  type Sequential,
  ValidationError,
} from '@rectify/core';
import { DEFAULT_OPSET, DataType, irVersionForOpset, MAX_EXPORT_OPSET, MIN_EXPORT_OPSET } from '../proto/constants';
import { encodeMessage } from '../proto/writer';
import type { ModelProto, ValueInfoProto } from '../proto/types';
import { activationSpec, emitActivation } from './activation-node';
import { GraphBuilder } from './graph-builder';

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /**
   * The default-domain opset to declare. Default: 17, or the highest `sinceVersion` an activation plugin asks for if
   * that is higher. Must lie in [14, 22] and be at least what every node needs.
   */
  readonly opset?: number;
  /** Append a `Softmax` over the last axis, so the ONNX model outputs probabilities instead of logits. Default false. */
  readonly softmax?: boolean;
  /** `producer_name` of the model. Default `rectify`. */
  readonly producerName?: string;
}

/** The graph input's and output's names in every exported model. */
export const ONNX_INPUT_NAME = 'input';
/** The graph output's name in every exported model. */
export const ONNX_OUTPUT_NAME = 'output';
/** The symbolic batch dimension of the graph input and output. */
export const ONNX_BATCH_DIM = 'batch';

const PRODUCER_VERSION = '0.1.0';

function valueInfo(name: string, perSample: readonly number[]): ValueInfoProto {
  const dim = [{ dim_param: ONNX_BATCH_DIM }, ...perSample.map((d) => ({ dim_value: d }))];
  return { name, type: { tensor_type: { elem_type: DataType.FLOAT, shape: { dim } } } };
}

/** Walks the layers and emits their nodes; remembers the highest operator version a node needs. */
class Emitter {
  readonly builder: GraphBuilder;
  needed = MIN_EXPORT_OPSET;
  neededBy = 'Add-14';
  private readonly ids: Map<Param, string>;

  constructor(ids: Map<Param, string>) {
    this.ids = ids;
    this.builder = new GraphBuilder([ONNX_INPUT_NAME]);
  }

  private param(param: Param | null | undefined, path: string): string {
    const id = param ? this.ids.get(param) : undefined;
    if (!param || id === undefined)
      throw new ModelFormatError(path, 'ONNX export: a parameter of this layer is not in model.paramRefs()');
    return this.builder.addInitializer(id, param.shape, param.value);
  }

  layers(layers: readonly Layer[], prefix: string, input: string): string {
    let x = input;
    layers.forEach((layer, i) => {
      x = this.layer(layer, `${prefix}.${i}`, x);
    });
    return x;
  }

  private layer(layer: Layer, path: string, x: string): string {
    const b = this.builder;
    if (layer instanceof Dense) {
      const inputs = [x, this.param(layer.kernel, path)];
      if (layer.bias) inputs.push(this.param(layer.bias, path));
      return b.addNode('Gemm', path, inputs, `${path}/out`);
    }
    if (layer instanceof ActivationLayer) {
      const spec = activationSpec(path, layer);
      if (spec.sinceVersion > this.needed) {
        this.needed = spec.sinceVersion;
        this.neededBy = `${spec.opType}-${spec.sinceVersion} (${path})`;
      }
      return emitActivation(b, path, layer, spec, x);
    }
    if (layer instanceof Residual) {
      const body = this.layers(layer.body, `${path}.body`, x);
      let skip = x;
      if (layer.projection) {
        const kernel = this.param(layer.params()[0], path);
        skip = b.addNode('MatMul', `${path}.projection`, [x, kernel], `${path}.projection/out`);
      }
      return b.addNode('Add', path, [body, skip], `${path}/out`);
    }
    throw new PluginError(
      `ONNX export of ${path}: layer type "${layer.type}" has no ONNX mapping; the exporter supports dense, activation and residual layers`,
      'ONNX_EXPORT',
    );
  }
}

function resolveOpset(requested: number | undefined, needed: number, neededBy: string): number {
  if (needed > MAX_EXPORT_OPSET) {
    throw new ValidationError(
      `exportOnnx: ${neededBy} needs opset ${needed}, above the highest supported ${MAX_EXPORT_OPSET}`,
      'ONNX_EXPORT',
    );
  }
  if (requested === undefined) return Math.max(DEFAULT_OPSET, needed);
  if (!Number.isInteger(requested) || requested < MIN_EXPORT_OPSET || requested > MAX_EXPORT_OPSET) {
    throw new ValidationError(
      `exportOnnx: opset must be an integer in [${MIN_EXPORT_OPSET}, ${MAX_EXPORT_OPSET}], got ${String(requested)}`,
    );
  }
  if (requested < needed) {
    throw new ValidationError(
      `exportOnnx: opset ${requested} is too low: ${neededBy} needs opset ${needed}; pass opset >= ${needed}`,
    );
  }
  return requested;
}

/**
 * Builds the ONNX `ModelProto` of a model as a plain object (what {@link exportOnnx} encodes). Initializer names are
 * the model's parameter ids (`layers.0.kernel`), node names are layer paths (`layers.2`, `layers.3.body.0`).
 */
export function buildOnnxModelProto(model: Sequential, options: ExportOnnxOptions = {}): ModelProto {
  if (typeof options !== 'object' || options === null) throw new ValidationError('exportOnnx: options must be an object');
  if (options.producerName !== undefined && typeof options.producerName !== 'string') {
    throw new ValidationError('exportOnnx: producerName must be a string');
  }
  model.sync();
  const ids = new Map<Param, string>();
  for (const ref of model.paramRefs()) ids.set(ref.param, ref.id);
  const emitter = new Emitter(ids);
  emitter.layers(model.layers, 'layers', ONNX_INPUT_NAME);
  const b = emitter.builder;
  if (options.softmax) {
    b.addNode('Softmax', 'softmax', [b.nodes[b.nodes.length - 1].output?.[0] as string], 'softmax/out', { axis: { int: -1 } });
  }
  b.renameLastOutput(ONNX_OUTPUT_NAME);
  const opset = resolveOpset(options.opset, emitter.needed, emitter.neededBy);
  return {
    ir_version: irVersionForOpset(opset),
    opset_import: [{ domain: '', version: opset }],
    producer_name: options.producerName ?? 'rectify',
    producer_version: PRODUCER_VERSION,
    graph: {
      name: 'rectify',
      node: b.nodes,
      initializer: b.initializers,
      input: [valueInfo(ONNX_INPUT_NAME, model.inputShape)],
      output: [valueInfo(ONNX_OUTPUT_NAME, model.outputShape)],
    },
  };
}

/**
 * Exports a trained model to ONNX bytes: `Gemm` for dense layers, each activation's own mapping
 * (`plugin.export.onnx`), `MatMul` + `Add` for residual blocks, an optional final `Softmax`, with a dynamic batch
 * dimension. Throws a PluginError naming the layer and plugin when an activation declares no ONNX mapping.
 * @example
 * const bytes = exportOnnx(model, { softmax: true });
 * // Node: fs.writeFileSync('model.onnx', bytes)
 */
export function exportOnnx(model: Sequential, options: ExportOnnxOptions = {}): Uint8Array {
  const proto = buildOnnxModelProto(model, options);
  return encodeMessage('ModelProto', proto as unknown as Record<string, unknown>);
}
