import { ModelFormatError } from '@rectify/core';
import { AttributeType, DataType } from '../proto/constants';
import type { AttributeProto, NodeProto, TensorProto } from '../proto/types';

/** An attribute value with its ONNX type. */
export type AttributeValue =
  | { readonly float: number }
  | { readonly int: number }
  | { readonly floats: readonly number[] }
  | { readonly ints: readonly number[] }
  | { readonly string: string }
  | { readonly strings: readonly string[] };

/** One attribute as ONNX stores it. */
function attributeProto(name: string, v: AttributeValue): AttributeProto {
  if ('int' in v) return { name, type: AttributeType.INT, i: v.int };
  if ('float' in v) return { name, type: AttributeType.FLOAT, f: v.float };
  if ('ints' in v) return { name, type: AttributeType.INTS, ints: [...v.ints] };
  if ('floats' in v) return { name, type: AttributeType.FLOATS, floats: [...v.floats] };
  const utf8 = new TextEncoder();
  if ('strings' in v) return { name, type: AttributeType.STRINGS, strings: v.strings.map((x) => utf8.encode(x)) };
  return { name, type: AttributeType.STRING, s: utf8.encode(v.string) };
}

/**
 * Collects the nodes and initializers of one ONNX graph in topological order, and keeps every name unique so that a
 * broken mapping fails here, with the layer's path, rather than in a runtime.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly names = new Set<string>();

  constructor(reserved: readonly string[]) {
    for (const name of reserved) this.names.add(name);
  }

  private claim(name: string, what: string): void {
    if (this.names.has(name))
      throw new ModelFormatError(name, `ONNX export: the ${what} name is used twice; rename the parameter that clashes`);
    this.names.add(name);
  }

  /** Adds a float32 initializer (`raw_data`, little-endian) and returns its name. */
  addInitializer(name: string, dims: readonly number[], values: Float32Array): string {
    this.claim(name, 'initializer');
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    this.initializers.push({ name, dims: [...dims], data_type: DataType.FLOAT, raw_data: raw });
    return name;
  }

  /** Adds an int64 initializer (`raw_data`, little-endian) and returns its name. */
  addInt64Initializer(name: string, dims: readonly number[], values: readonly number[]): string {
    this.claim(name, 'initializer');
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]), true);
    this.initializers.push({ name, dims: [...dims], data_type: DataType.INT64, raw_data: raw });
    return name;
  }

  /** Adds a node with output `output` (or several outputs); returns the output name (names). */
  addNode(
    opType: string,
    name: string,
    inputs: readonly string[],
    output: string,
    attributes?: Readonly<Record<string, AttributeValue>>,
  ): string;
  addNode(
    opType: string,
    name: string,
    inputs: readonly string[],
    output: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
  ): string[];
  addNode(
    opType: string,
    name: string,
    inputs: readonly string[],
    output: string | readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string | string[] {
    const outputs = typeof output === 'string' ? [output] : [...output];
    for (const o of outputs) this.claim(o, 'tensor');
    const attribute: AttributeProto[] = Object.entries(attributes).map(([key, v]) => attributeProto(key, v));
    this.nodes.push({ name, op_type: opType, domain: '', input: [...inputs], output: outputs, attribute });
    return typeof output === 'string' ? output : outputs;
  }

  /** Renames the output of the last node (to the graph's output name). */
  renameLastOutput(name: string): void {
    const last = this.nodes[this.nodes.length - 1];
    this.claim(name, 'tensor');
    (last.output as string[])[0] = name;
  }
}
