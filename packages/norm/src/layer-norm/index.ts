export * from './cpu';
export * from './gpu-kernels';
export * from './runner';
export * from './plugin';
