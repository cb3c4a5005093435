export type * from './contract';
export { clipCoefficient, clipGradNorm, clipGradValue, gradNorm } from './clip';
export { resolveGradClip } from './resolve';
