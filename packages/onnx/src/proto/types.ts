/** An int64 as the decoder gives it: the nearest float64 (exact up to 2^53 in magnitude; callers bound-check it). */
export type Int64 = number;

/** Decoded `onnx.OperatorSetIdProto`. */
export interface OperatorSetIdProto {
  /** Domain of the operator set; empty or absent means the default ONNX domain `ai.onnx`. */
  domain?: string;
  /** Version of the operator set in that domain that the model relies on. */
  version?: Int64;
}

/** Decoded `onnx.TensorShapeProto.Dimension`. */
export interface DimensionProto {
  /** Fixed size of the dimension; set instead of `dim_param` when the size is known. */
  dim_value?: Int64;
  /** Symbolic name of a dimension whose size is not fixed, e.g. `"batch"`; set instead of `dim_value`. */
  dim_param?: string;
}

/** Decoded `onnx.TypeProto` (tensor types only). */
export interface TypeProto {
  /** The value is a tensor (`TypeProto.Tensor`); other value kinds (sequences, maps, ...) are not mirrored. */
  tensor_type?: {
    /** Element type, a `TensorProto.DataType` value (e.g. 1 = FLOAT). */
    elem_type?: number;
    /** Shape of the tensor (`TensorShapeProto`); absent when the rank is unknown. */
    shape?: {
      /** One entry per axis, outermost first. */
      dim?: DimensionProto[];
    };
  };
}

/** Decoded `onnx.ValueInfoProto`. */
export interface ValueInfoProto {
  /** Name of the value (graph input, output or intermediate) that this entry describes. */
  name?: string;
  /** Type and shape of the value; required for graph inputs and outputs. */
  type?: TypeProto;
}

/** Decoded `onnx.TensorProto`. */
export interface TensorProto {
  /** Shape of the tensor, outermost axis first; empty for a scalar. */
  dims?: Int64[];
  /** Element type, a `TensorProto.DataType` value (1 = FLOAT, 6 = INT32, 7 = INT64, 11 = DOUBLE, ...). */
  data_type?: number;
  /** Elements of a FLOAT (or COMPLEX64) tensor, row-major, when `raw_data` is not used. */
  float_data?: number[];
  /** Elements of an INT32, INT16, INT8, UINT16, UINT8, BOOL or FLOAT16 (as bits) tensor, when `raw_data` is not used. */
  int32_data?: number[];
  /** Elements of an INT64 tensor, row-major, when `raw_data` is not used. */
  int64_data?: Int64[];
  /** Elements of a DOUBLE (or COMPLEX128) tensor, row-major, when `raw_data` is not used. */
  double_data?: number[];
  /** Name of the tensor; for a graph initializer, the name of the value it provides. */
  name?: string;
  /** Little-endian, fixed-width bytes of the tensor's elements (row-major), used instead of the typed `*_data` fields. */
  raw_data?: Uint8Array;
  /** Where the data lives (`TensorProto.DataLocation`): 0 = DEFAULT (in this message), 1 = EXTERNAL (in a separate file). */
  data_location?: number;
}

/** Decoded `onnx.AttributeProto`. */
export interface AttributeProto {
  /** Name of the attribute, unique within its node (e.g. `"alpha"`, `"transB"`). */
  name?: string;
  /** Inside a function body only: the parent function's attribute this one refers to; such an entry carries no value. */
  ref_attr_name?: string;
  /** `AttributeProto.AttributeType` saying which value field is set (1 = FLOAT, 2 = INT, 3 = STRING, 4 = TENSOR, 6 = FLOATS, 7 = INTS, 8 = STRINGS, ...). */
  type?: number;
  /** Value of a FLOAT attribute. */
  f?: number;
  /** Value of an INT attribute. */
  i?: Int64;
  /** Value of a STRING attribute, as UTF-8 bytes. */
  s?: Uint8Array;
  /** Value of a TENSOR attribute. */
  t?: TensorProto;
  /** Value of a FLOATS (list of floats) attribute. */
  floats?: number[];
  /** Value of an INTS (list of ints) attribute. */
  ints?: Int64[];
  /** Value of a STRINGS attribute, each string as UTF-8 bytes. */
  strings?: Uint8Array[];
}

/** Decoded `onnx.NodeProto`. */
export interface NodeProto {
  /** Names of the values the node consumes, in the operator's input order; `""` marks an omitted optional input. */
  input?: string[];
  /** Names of the values the node produces, in the operator's output order. */
  output?: string[];
  /** Optional name of the node, for diagnostics only. */
  name?: string;
  /** Operator to run, e.g. `"Gemm"` or `"Relu"`, looked up in `domain`. */
  op_type?: string;
  /** Operator-set domain that defines `op_type`; empty or absent means the default ONNX domain `ai.onnx`. */
  domain?: string;
  /** Named attribute values that parameterize the operator. */
  attribute?: AttributeProto[];
}

/** Decoded `onnx.GraphProto`. */
export interface GraphProto {
  /** Nodes of the graph, in topological order. */
  node?: NodeProto[];
  /** Name of the graph. */
  name?: string;
  /** Named constant tensors (e.g. weights) that provide values used by the nodes. */
  initializer?: TensorProto[];
  /** Inputs of the graph (before IR version 4 these also list every initializer). */
  input?: ValueInfoProto[];
  /** Outputs of the graph. */
  output?: ValueInfoProto[];
  /** Optional types and shapes of intermediate values (neither graph inputs nor outputs). */
  value_info?: ValueInfoProto[];
}

/** Decoded `onnx.ModelProto`. */
export interface ModelProto {
  /** Version of the ONNX IR (file-format) the model targets, e.g. 8. */
  ir_version?: Int64;
  /** Operator sets the model relies on; must include a version of the default ONNX domain. */
  opset_import?: OperatorSetIdProto[];
  /** Name of the tool that produced the model, e.g. `"pytorch"`. */
  producer_name?: string;
  /** Version of the tool that produced the model. */
  producer_version?: string;
  /** The computation graph that is evaluated to run the model. */
  graph?: GraphProto;
}

/** Converts a decoded int64 to a number (large values lose precision; callers bound-check the result). */
export function int64(value: Int64 | undefined | null): number {
  return value ?? 0;
}
