export type { FromTorchOptions, LinearLayout, NamedWeights, SetWeightsOptions, TorchStateDictJSON } from './contract';
export { readWeights, writeWeights } from './named';
export { MAX_TORCH_ELEMENTS, readNestedArray } from './nested-array';
export { fromTorchStateDict } from './torch';
