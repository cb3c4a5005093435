export * from './cpu';
export * from './gpu-kernels';
