/**
 * @packageDocumentation
 * The ReLU activation plugin for Rectify (optionally capped, ReLU6-style), with CPU and gpu.js kernels.
 */
export { relu } from './relu';
