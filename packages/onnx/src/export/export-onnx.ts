import {
  type ActivationLayer,
  activationOf,
  type Layer,
  type OnnxExportContext,
  type OnnxNodeOut,
  PluginError,
  type Sequential,
  ValidationError,
} from '@rectify/core';
import { DEFAULT_OPSET, DataType, irVersionForOpset, MAX_EXPORT_OPSET, MIN_EXPORT_OPSET } from '../proto/constants';
import { encodeMessage } from '../proto/writer';
import type { ModelProto, ValueInfoProto } from '../proto/types';
import { activationSpec, emitActivation } from './activation-node';
import { type AttributeValue, GraphBuilder } from './graph-builder';

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

  constructor() {
    this.builder = new GraphBuilder([ONNX_INPUT_NAME]);
  }

  layers(layers: readonly Layer[], prefix: string, input: string): string {
    let x = input;
    layers.forEach((layer, i) => {
      x = this.layer(layer, `${prefix}.${i}`, x);
    });
    return x;
  }

  private need(version: number, what: string): void {
    if (version > this.needed) {
      this.needed = version;
      this.neededBy = what;
    }
  }

  /** Emits one layer through its plugin's ONNX export hook; the exporter itself knows no layer or plugin names. */
  private layer(layer: Layer, path: string, x: string): string {
    const hook = layer.plugin.onnx?.export;
    if (typeof hook !== 'function') {
      throw new PluginError(
        `ONNX export of ${path}: layer type "${layer.type}" (plugin version ${layer.plugin.version}) declares no ONNX export hook; add onnx.export to its defineLayer() definition, or replace the layer`,
        'ONNX_EXPORT',
      );
    }
    return hook(layer, x, this.context(path));
  }

  /** A hook's context; `unnamed` numbers the unnamed nodes at `path` (shared with an activation it exports). */
  private context(path: string, unnamed = { nodes: 0 }): OnnxExportContext {
    const b = this.builder;
    return {
      path,
      initializer: (name, dims, values) => b.addInitializer(`${path}.${name}`, dims, values),
      intInitializer: (name, dims, values) => b.addInt64Initializer(`${path}.${name}`, dims, values),
      node: (node: OnnxNodeOut) => {
        this.need(node.sinceVersion, `${node.opType}-${node.sinceVersion} (${path})`);
        let name = `${path}.${node.name}`;
        if (node.name === undefined) {
          name = unnamed.nodes === 0 ? path : `${path}/${unnamed.nodes}`;
          unnamed.nodes++;
        }
        const count = node.outputCount ?? 1;
        const outputs = Array.from({ length: count }, (_, k) => `${name}/out${count > 1 ? k : ''}`);
        return b.addNode(node.opType, name, node.inputs, outputs, attributesOf(path, node));
      },
      child: (child, index, input) => this.layer(child, `${path}.body.${index}`, input),
      activation: (layer, input) => {
        const { plugin, hyper } = activationOf(layer as ActivationLayer);
        if (typeof plugin.onnx?.export === 'function') {
          const learnable = Object.fromEntries(layer.params().map((p) => [p.name, p.value]));
          try {
            return plugin.onnx.export(hyper, learnable, input, this.context(path, unnamed));
          } catch (e) {
            if (e instanceof PluginError) throw e;
            throw new PluginError(
              `ONNX export of ${path}: activation "${plugin.name}" (version ${plugin.version}) threw from onnx.export: ${(e as Error).message}`,
              'ONNX_EXPORT',
            );
          }
        }
        const spec = activationSpec(path, layer as ActivationLayer);
        this.need(spec.sinceVersion, `${spec.opType}-${spec.sinceVersion} (${path})`);
        return emitActivation(b, path, layer as ActivationLayer, spec, input);
      },
    };
  }
}

/** A hook's attributes as ONNX attributes: numbers and number lists (INT/INTS when listed in `ints`, else FLOAT/FLOATS), strings, string lists. */
function attributesOf(path: string, node: OnnxNodeOut): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  const bad = (key: string, why: string) =>
    new PluginError(`ONNX export of ${path}: attribute ${key} of ${node.opType} ${why}`, 'ONNX_EXPORT');
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    const int = node.ints?.includes(key) ?? false;
    if (typeof value === 'string') {
      out[key] = { string: value };
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || (int && !Number.isSafeInteger(value)))
        throw bad(key, `must be a finite ${int ? 'integer' : 'number'}`);
      out[key] = int ? { int: value } : { float: value };
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      out[key] = { strings: value as readonly string[] };
    } else if (Array.isArray(value)) {
      if (!value.every((v) => typeof v === 'number' && (int ? Number.isSafeInteger(v) : Number.isFinite(v)))) {
        throw bad(key, `must be a list of finite ${int ? 'integers' : 'numbers'}`);
      }
      out[key] = int ? { ints: value } : { floats: value };
    } else {
      throw bad(key, 'must be a number, a list of numbers or a string');
    }
  }
  return out;
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
  const emitter = new Emitter();
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
