/** An int64 as protobufjs decodes it: a `Long` object (when the `long` package is present) or a number. */
export type Int64 = number | { toNumber(): number };

/** Decoded `onnx.OperatorSetIdProto`. */
export interface OperatorSetIdProto {
  domain?: string;
  version?: Int64;
}

/** Decoded `onnx.TensorShapeProto.Dimension`. */
export interface DimensionProto {
  dim_value?: Int64;
  dim_param?: string;
}

/** Decoded `onnx.TypeProto` (tensor types only). */
export interface TypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim?: DimensionProto[] } };
}

/** Decoded `onnx.ValueInfoProto`. */
export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
}

/** Decoded `onnx.TensorProto`. */
export interface TensorProto {
  dims?: Int64[];
  data_type?: number;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int64[];
  double_data?: number[];
  name?: string;
  raw_data?: Uint8Array;
  data_location?: number;
}

/** Decoded `onnx.AttributeProto`. */
export interface AttributeProto {
  name?: string;
  ref_attr_name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
}

/** Decoded `onnx.NodeProto`. */
export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeProto[];
}

/** Decoded `onnx.GraphProto`. */
export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  value_info?: ValueInfoProto[];
}

/** Decoded `onnx.ModelProto`. */
export interface ModelProto {
  ir_version?: Int64;
  opset_import?: OperatorSetIdProto[];
  producer_name?: string;
  producer_version?: string;
  graph?: GraphProto;
}

/** Converts a decoded int64 to a number (large values lose precision; callers bound-check the result). */
export function int64(value: Int64 | undefined | null): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
