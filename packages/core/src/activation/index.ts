export * from './contract';
export { defineActivation, isActivationPlugin, toConfigured } from './define';
export { calculateGain } from './gain';
export { deriveCpuKernels, MAX_SCALAR_EXTRA_ARGUMENTS } from './scalar-kernels';
export { gpuFunctionProblem, type ParsedFunction, parseGpuFunction } from './gpu-source';
