/**
 * @packageDocumentation
 * ONNX export and import for Rectify: `exportOnnx(model)` writes a trained sequential model as an ONNX file that
 * onnxruntime runs; `importOnnx(bytes, { registry })` loads an ONNX network (e.g. from `torch.onnx.export`) as a model
 * that predicts the same and trains further.
 */
export { checkOnnxStructure } from './check/structure';
export {
  buildOnnxModelProto,
  type ExportOnnxOptions,
  exportOnnx,
  ONNX_BATCH_DIM,
  ONNX_INPUT_NAME,
  ONNX_OUTPUT_NAME,
} from './export/export-onnx';
export { decodeOnnx } from './import/decode';
export { DEFAULT_ONNX_LIMITS, type OnnxLimits } from './import/limits';
export { DEFAULT_OPSET, MAX_EXPORT_OPSET, MIN_EXPORT_OPSET } from './proto/constants';
export type * from './proto/types';
export { UnsupportedOnnxError } from './errors';
export {
  IMPORT_OPSET_RANGE,
  type ImportOnnxOptions,
  importOnnx,
  importOnnxWithReport,
  type OnnxImportResult,
  SUPPORTED_ONNX_OPS,
  STRUCTURAL_ONNX_OPS,
  importableOnnxOps,
} from './import/import-onnx';
