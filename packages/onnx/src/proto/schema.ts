/**
 * The subset of `onnx.proto` (package `onnx`, proto2) that Rectify reads and writes: per message, its fields by name
 * with their protobuf type, field number and rule. Field names and numbers are exactly those of onnx.proto (checked
 * against the `onnx` Python package's descriptors). `codec.ts` reads and writes the wire format from this table
 * alone, with no generated code. Fields left out (subgraphs in attributes, sparse tensors, functions, training
 * info, ...) are skipped unread when decoding; the pre-decode scan in `wire-scan.ts` rejects the ones whose
 * absence would change a model's meaning.
 */
export const ONNX_MESSAGES = {
  ModelProto: {
    fields: {
      ir_version: { type: 'int64', id: 1 },
      opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
      producer_name: { type: 'string', id: 2 },
      producer_version: { type: 'string', id: 3 },
      domain: { type: 'string', id: 4 },
      model_version: { type: 'int64', id: 5 },
      doc_string: { type: 'string', id: 6 },
      graph: { type: 'GraphProto', id: 7 },
      metadata_props: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
    },
  },
  StringStringEntryProto: {
    fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
  },
  OperatorSetIdProto: {
    fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
  },
  GraphProto: {
    fields: {
      node: { rule: 'repeated', type: 'NodeProto', id: 1 },
      name: { type: 'string', id: 2 },
      initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
      doc_string: { type: 'string', id: 10 },
      input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
      output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
      value_info: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
    },
  },
  NodeProto: {
    fields: {
      input: { rule: 'repeated', type: 'string', id: 1 },
      output: { rule: 'repeated', type: 'string', id: 2 },
      name: { type: 'string', id: 3 },
      op_type: { type: 'string', id: 4 },
      domain: { type: 'string', id: 7 },
      attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
      doc_string: { type: 'string', id: 6 },
    },
  },
  AttributeProto: {
    fields: {
      name: { type: 'string', id: 1 },
      ref_attr_name: { type: 'string', id: 21 },
      doc_string: { type: 'string', id: 13 },
      type: { type: 'int32', id: 20 },
      f: { type: 'float', id: 2 },
      i: { type: 'int64', id: 3 },
      s: { type: 'bytes', id: 4 },
      t: { type: 'TensorProto', id: 5 },
      floats: { rule: 'repeated', type: 'float', id: 7 },
      ints: { rule: 'repeated', type: 'int64', id: 8 },
      strings: { rule: 'repeated', type: 'bytes', id: 9 },
    },
  },
  TensorProto: {
    fields: {
      dims: { rule: 'repeated', type: 'int64', id: 1 },
      data_type: { type: 'int32', id: 2 },
      float_data: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
      int32_data: { rule: 'repeated', type: 'int32', id: 5, options: { packed: true } },
      int64_data: { rule: 'repeated', type: 'int64', id: 7, options: { packed: true } },
      name: { type: 'string', id: 8 },
      doc_string: { type: 'string', id: 12 },
      raw_data: { type: 'bytes', id: 9 },
      data_location: { type: 'int32', id: 14 },
      double_data: { rule: 'repeated', type: 'double', id: 10, options: { packed: true } },
    },
  },
  ValueInfoProto: {
    fields: {
      name: { type: 'string', id: 1 },
      type: { type: 'TypeProto', id: 2 },
      doc_string: { type: 'string', id: 3 },
    },
  },
  TypeProto: {
    fields: {
      tensor_type: { type: 'TypeProtoTensor', id: 1 },
      denotation: { type: 'string', id: 6 },
    },
  },
  // onnx.proto nests this as TypeProto.Tensor; the wire format does not depend on the message's name.
  TypeProtoTensor: {
    fields: {
      elem_type: { type: 'int32', id: 1 },
      shape: { type: 'TensorShapeProto', id: 2 },
    },
  },
  TensorShapeProto: {
    fields: { dim: { rule: 'repeated', type: 'TensorShapeDimension', id: 1 } },
  },
  // onnx.proto: TensorShapeProto.Dimension, with `oneof value { dim_value, dim_param }`.
  TensorShapeDimension: {
    fields: {
      dim_value: { type: 'int64', id: 1 },
      dim_param: { type: 'string', id: 2 },
      denotation: { type: 'string', id: 3 },
    },
  },
} as const;

/** The name of a message of the subset, e.g. `ModelProto`. */
export type OnnxMessageName = keyof typeof ONNX_MESSAGES;

/** One field of a message of the subset. */
export interface FieldDescriptor {
  /** A protobuf scalar type (`int64`, `float`, `string`, `bytes`, ...) or the name of a message of the subset. */
  readonly type: string;
  /** The field number. */
  readonly id: number;
  /** `repeated` for lists; absent for optional fields. */
  readonly rule?: string;
  /** `{ packed: true }` where onnx.proto declares the list packed (the writer packs every list of numbers). */
  readonly options?: { readonly packed?: boolean };
}

/** Whether `type` names a message of the subset (not a scalar). */
export function isMessageName(type: string): type is OnnxMessageName {
  return Object.hasOwn(ONNX_MESSAGES, type);
}
