export type * from './contract';
export { constantInit, zeroInit } from './constant';
export { INITIALIZER_TYPES, initializerFromConfig } from './from-config';
export { type GlorotOptions, glorotNormal, glorotUniform } from './glorot';
export { type HeOptions, heNormal, heUniform } from './he';
export { lecunNormal, lecunUniform } from './lecun';
export {
  type RandomizedAsymmetricInitializers,
  type RandomizedAsymmetricOptions,
  randomizedAsymmetric,
  randomizedAsymmetricBias,
  randomizedAsymmetricKernel,
} from './randomized-asymmetric';
