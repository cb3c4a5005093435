export { activationGpu } from './activation';
export { denseGpu } from './dense';
export { gpuIsNaNTest } from './nan-test';
export { residualGpu } from './residual';
