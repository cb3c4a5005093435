import type { OnnxConstant, OnnxGraphView, OnnxImportedLayers, OnnxNodeView } from '@rectify/core';
import { AttributeType } from '../proto/constants';
import { int64, type NodeProto } from '../proto/types';
import { finiteAttribute } from './attributes';
import type { GraphIndex } from './graph-index';

/** An attribute's value as plugins read it; a float outside float32's finite range is refused here, not by each plugin. */
function attributeValue(node: NodeProto, name: string): number | readonly number[] | string | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  if (!a) return undefined;
  const type =
    a.type ?? (a.f !== undefined ? AttributeType.FLOAT : a.i !== undefined ? AttributeType.INT : a.s ? AttributeType.STRING : 0);
  const finite = (f: number) => finiteAttribute(node, name, f);
  switch (type) {
    case AttributeType.FLOAT:
      return finite(a.f ?? 0);
    case AttributeType.INT:
      return int64(a.i);
    case AttributeType.FLOATS:
      return (a.floats ?? []).map(finite);
    case AttributeType.INTS:
      return (a.ints ?? []).map((i) => int64(i));
    case AttributeType.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case AttributeType.STRINGS: // RNN's activations; the view's contract joins them
      return (a.strings ?? []).map((x) => new TextDecoder().decode(x)).join(',');
    default:
      return undefined;
  }
}

/** The read-only view of one node that import hooks receive. */
export function nodeView(node: NodeProto): OnnxNodeView {
  return Object.freeze({
    opType: node.op_type ?? '',
    name: node.name ?? '',
    inputs: Object.freeze([...(node.input ?? [])]),
    outputs: Object.freeze([...(node.output ?? [])]),
    attribute: (name: string) => attributeValue(node, name),
  });
}

/**
 * The read-only view of the graph that import hooks receive; constants are copies, so a hook cannot alter the file.
 * `layers` is the importer's own walk, for hooks that nest layers.
 */
export function graphView(
  index: GraphIndex,
  layers: (target: string, source: string) => OnnxImportedLayers | null,
): OnnxGraphView {
  const consumers = new Map<string, number>();
  for (const node of index.graph.node ?? []) {
    for (const input of node.input ?? []) if (input) consumers.set(input, (consumers.get(input) ?? 0) + 1);
  }
  for (const out of index.graph.output ?? []) if (out.name) consumers.set(out.name, (consumers.get(out.name) ?? 0) + 1);
  return Object.freeze({
    producer(tensor: string): OnnxNodeView | null {
      const node = index.producer(tensor);
      return node ? nodeView(node) : null;
    },
    constant(tensor: string): OnnxConstant | null {
      const t = index.constant(tensor);
      return t ? { dims: [...t.dims], values: t.values.slice() } : null;
    },
    consumers: (tensor: string) => consumers.get(tensor) ?? 0,
    layers: (target: string, source: string) => layers(String(target), String(source)),
  });
}
