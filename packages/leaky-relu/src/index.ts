/**
 * @packageDocumentation
 * The Leaky ReLU activation plugin for Rectify, with CPU and gpu.js kernels.
 */
export { leakyRelu } from './leaky-relu';
