export type * from './contract';
export * from './cpu/matmul';
export { cpuBackend } from './cpu/session';
export * from './cpu/wasm/vmath';
