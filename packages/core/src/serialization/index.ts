export { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelJSON, type TrainingJSON, type WeightJSON } from './format';
export { DEFAULT_MODEL_LIMITS, type ModelLimits } from './limits';
export { parseModelJSON } from './parse';
