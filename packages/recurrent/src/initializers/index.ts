export { identityInit } from './identity';
export { orthogonalInit } from './orthogonal';
export { recurrentInitializerFromConfig } from './from-config';
