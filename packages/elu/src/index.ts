/**
 * @packageDocumentation
 * The ELU activation plugin for Rectify, with CPU and gpu.js kernels.
 */
export { elu } from './elu';
