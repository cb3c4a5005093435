export {
  type GradClipJSON,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelJSON,
  type TrainingJSON,
  type WeightJSON,
} from './format';
export { DEFAULT_MODEL_LIMITS, type ModelLimits, resolveLimits } from './limits';
export { type LoadModelOptions, loadModel } from './load';
export { parseModelJSON } from './parse';
export { type ModelToJSONOptions, modelToJSON, serializeModel } from './to-json';
