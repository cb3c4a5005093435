export type { FromTorchOptions, LinearLayout, NamedWeights, SetWeightsOptions, TorchStateDictJSON } from './contract';
