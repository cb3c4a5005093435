/**
 * @packageDocumentation
 * The PReLU activation plugin for Rectify (learnable slope, shared or per channel), with CPU and gpu.js kernels.
 */
export { prelu } from './prelu';
