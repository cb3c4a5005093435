import {
  defaultRegistry,
  type Layer,
  type OnnxGraphView,
  type OnnxNodeView,
  type Registry,
  type Sequential,
} from '@rectify/core';
import { guarded } from '../result';
import { walkLayers } from './onnx-layers-walk';
import { sameBits } from '../tolerance';
import type { CheckResult } from '../types';

/** A protobuf `Long`. */
export interface OnnxLong {
  /** Its value as a number. */
  toNumber(): number;
}

/** An int64 as protobuf decoders give it. */
export type OnnxInt = number | bigint | OnnxLong;

/** What {@link onnxGraphView} returns. */
export interface OnnxGraphViewResult {
  /** The graph as import hooks see it. */
  readonly view: OnnxGraphView;
  /** Every node, in order. */
  readonly nodes: OnnxNodeView[];
}

/** A node attribute of {@link OnnxGraphData}. */
export interface OnnxAttributeData {
  /** Attribute name. */
  readonly name?: string;
  /** AttributeProto type: 1 FLOAT, 2 INT, 6 FLOATS, 7 INTS. */
  readonly type?: number;
  /** FLOAT value. */
  readonly f?: number;
  /** INT value. */
  readonly i?: OnnxInt;
  /** FLOATS value. */
  readonly floats?: readonly number[];
  /** INTS value. */
  readonly ints?: readonly OnnxInt[];
}

/** A node of {@link OnnxGraphData}. */
export interface OnnxNodeData {
  /** Operator type. */
  readonly op_type?: string;
  /** Node name. */
  readonly name?: string;
  /** Input tensor names. */
  readonly input?: readonly string[];
  /** Output tensor names. */
  readonly output?: readonly string[];
  /** Attributes. */
  readonly attribute?: readonly OnnxAttributeData[];
}

/** An initializer of {@link OnnxGraphData} (float32, raw little-endian bytes or `float_data`). */
export interface OnnxTensorData {
  /** Tensor name. */
  readonly name?: string;
  /** Dimensions. */
  readonly dims?: readonly OnnxInt[];
  /** Raw little-endian float32 bytes. */
  readonly raw_data?: Uint8Array;
  /** Or the values as numbers. */
  readonly float_data?: readonly number[];
}

/** The plain-object ONNX graph `buildOnnxModelProto` (from `@rectify/onnx`) returns, as far as this check reads it. */
export interface OnnxGraphData {
  /** Nodes in order. */
  readonly node?: readonly OnnxNodeData[];
  /** Initializers. */
  readonly initializer?: readonly OnnxTensorData[];
}

/** The plain-object ONNX model `buildOnnxModelProto` returns, as far as the layer suite reads it. */
export interface OnnxModelData {
  /** The graph. */
  readonly graph?: OnnxGraphData;
}

const num = (v: OnnxInt): number => (typeof v === 'object' ? v.toNumber() : Number(v));

/**
 * An {@link OnnxGraphView} over plain graph data, as an importer would offer it to the hooks; `layers` (for hooks
 * that nest layers) walks with `registry`'s hooks.
 */
export function onnxGraphView(graph: OnnxGraphData, registry: Registry = defaultRegistry): OnnxGraphViewResult {
  const nodes: OnnxNodeView[] = (graph.node ?? []).map((n) => ({
    opType: n.op_type ?? '',
    name: n.name ?? '',
    inputs: n.input ?? [],
    outputs: n.output ?? [],
    attribute(name) {
      const a = n.attribute?.find((x) => x.name === name);
      if (!a) return undefined;
      // AttributeProto.type: 1 FLOAT, 2 INT, 6 FLOATS, 7 INTS.
      if (a.type === 2) return num(a.i ?? 0);
      if (a.type === 6) return a.floats ?? [];
      if (a.type === 7) return (a.ints ?? []).map(num);
      return a.f ?? 0;
    },
  }));
  const constants = new Map<string, { dims: number[]; values: Float32Array }>();
  for (const t of graph.initializer ?? []) {
    const dims = (t.dims ?? []).map(num);
    let values = Float32Array.from(t.float_data ?? []);
    if (t.raw_data?.length) {
      const view = new DataView(t.raw_data.buffer, t.raw_data.byteOffset, t.raw_data.byteLength);
      values = Float32Array.from({ length: t.raw_data.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
    }
    constants.set(t.name ?? '', { dims, values });
  }
  const view: OnnxGraphView = {
    producer: (tensor) => nodes.find((n) => n.outputs.includes(tensor)) ?? null,
    constant: (tensor) => constants.get(tensor) ?? null,
    consumers: (tensor) => nodes.filter((n) => n.inputs.includes(tensor)).length,
    layers: (target, source) => walkLayers(view, registry, target, source),
  };
  return { view, nodes };
}

/**
 * A layer plugin's ONNX import hook recognises what its export hook wrote: `graph` is the exported ONE-layer model
 * (from `buildOnnxModelProto`), and the hook, offered the node producing the output, must return the layer's config
 * (as the plugin rebuilds it), the graph input, and its parameters and state bit for bit. `registry` resolves the
 * layers a nesting hook finds inside it.
 */
export function checkLayerOnnxImport(model: Sequential, graph: OnnxGraphData, registry: Registry = defaultRegistry): CheckResult {
  return guarded('onnx-import', (r) => {
    const layer: Layer = model.layers[0];
    const hook = layer.plugin.onnx?.import;
    if (!hook) throw new Error(`${layer.type} declares no ONNX import hook`);
    const { view, nodes } = onnxGraphView(graph, registry);
    const last = nodes[nodes.length - 1];
    r.expect(hook.opTypes.includes(last.opType), () => `the export ends in ${last.opType}, not in one of [${hook.opTypes}]`);
    const match = hook.match(last, view);
    if (!match) {
      r.fail('the import hook does not recognise the exported subgraph');
      return;
    }
    // Compared as the plugin rebuilds it: an import may leave fields at their defaults (initialisers).
    const imported = JSON.stringify(layer.plugin.fromConfig(match.config, registry).config());
    const expected = JSON.stringify(layer.config());
    r.expect(imported === expected, () => `config ${JSON.stringify(match.config)} rebuilds as ${imported} ≠ ${expected}`);
    r.expect(view.producer(match.input) === null, () => `the layer's input is ${match.input}, not the graph input`);
    for (const p of layer.params()) {
      const got = match.params?.[p.name];
      r.expect(got !== undefined && sameBits(got, p.value), () => `parameter ${p.name} does not come back bit for bit`);
    }
    for (const s of layer.state()) {
      const got = match.state?.[s.name];
      r.expect(got !== undefined && sameBits(got, s.value), () => `state ${s.name} does not come back bit for bit`);
    }
  });
}
