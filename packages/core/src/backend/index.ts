export type * from './contract';
export * from './cpu/matmul';
