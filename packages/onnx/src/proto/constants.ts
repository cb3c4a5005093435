/** `onnx.TensorProto.DataType` values used here. */
export const DataType = Object.freeze({ UNDEFINED: 0, FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 });

/** Bytes per element of the fixed-width ONNX data types (by `DataType` number); others are absent. */
export const DATA_TYPE_BYTES: Readonly<Record<number, number>> = Object.freeze({
  1: 4, // FLOAT
  2: 1, // UINT8
  3: 1, // INT8
  4: 2, // UINT16
  5: 2, // INT16
  6: 4, // INT32
  7: 8, // INT64
  9: 1, // BOOL
  10: 2, // FLOAT16
  11: 8, // DOUBLE
  12: 4, // UINT32
  13: 8, // UINT64
  14: 8, // COMPLEX64
  15: 16, // COMPLEX128
  16: 2, // BFLOAT16
});

/** `onnx.AttributeProto.AttributeType` values used here. */
export const AttributeType = Object.freeze({ FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 });

/** The opset {@link exportOnnx} targets unless told otherwise. */
export const DEFAULT_OPSET = 17;

/** The lowest opset the exporter writes: Add-14 is the newest version of an operator it emits itself. */
export const MIN_EXPORT_OPSET = 14;

/** The highest opset the exporter writes (onnxruntime-node 1.30 runs it). */
export const MAX_EXPORT_OPSET = 22;

/** The IR version that goes with an opset (onnx/docs/Versioning.md): IR 8 up to opset 18, 9 for 19–20, 10 for 21–22. */
export function irVersionForOpset(opset: number): number {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
