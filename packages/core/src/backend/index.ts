export type * from './contract';
export * from './cpu/matmul';
export { cpuBackend } from './cpu/session';
export * from './cpu/kernel-info';
export { allocKernelFloats, KernelArena } from './cpu/wasm/kernel-arena';
export * from './cpu/wasm/rectifier';
export * from './cpu/wasm/activation-precision';
export * from './cpu/wasm/vmath';
export * from './cpu/wasm/vmath32';
