export type * from './contract';
export { AdamOptimizer, type AdamOptions, type AdamWOptions, adam, adamw } from './adam';
export { optimizerFromConfig } from './from-config';
export { SgdOptimizer, type SgdOptions, sgd } from './sgd';
