export type {
  GpuLayerRun,
  LayerConformanceOptions,
  LayerInstance,
  LayerParamView,
  LayerStateView,
  LayerSubject,
} from './contract';
export { layerConformanceChecks } from './conformance';
export { describeLayerConformance } from './describe';
export { checkLayerInputsUntouched } from './checks/hygiene';
export { checkLayerNoAllocation } from './checks/allocation';
export { checkLayerContract } from './checks/contract';
export { checkLayerGradients } from './checks/gradients';
export { checkLayerState } from './checks/state';
export { checkLayerSerialization } from './checks/serialization';
export { checkLayerGpuAgreement } from './checks/gpu-agreement';
export { checkLayerOnnxAgreement } from './checks/onnx-agreement';
export { layerSubject, type LayerSubjectOptions } from './from-plugin';
export { type LayerGpuOption, parameterNames, runLayerOnGpu } from './gpu-harness';
export {
  type OnnxExporter,
  type OnnxRuntimeModule,
  type OnnxRuntimeOutput,
  type OnnxRuntimeSession,
  type OnnxRuntimeSessionFactory,
  onnxruntimeRunner,
} from './onnx-runner';
export {
  checkLayerOnnxImport,
  type OnnxAttributeData,
  type OnnxGraphData,
  type OnnxGraphViewResult,
  type OnnxInt,
  type OnnxLong,
  type OnnxModelData,
  type OnnxNodeData,
  type OnnxTensorData,
  onnxGraphView,
} from './onnx-import-check';
