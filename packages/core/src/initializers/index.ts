export type * from './contract';
export { constantInit, zeroInit } from './constant';
export { INITIALIZER_TYPES, initializerFromConfig } from './from-config';
export { type GlorotOptions, glorotNormal, glorotUniform } from './glorot';
export { type HeOptions, heNormal, heUniform } from './he';
export { lecunNormal, lecunUniform } from './lecun';
