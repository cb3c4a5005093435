/**
 * @packageDocumentation
 * BatchNorm and LayerNorm for Rectify with PyTorch semantics: the numerical cores as plain functions on
 * Float32Array (CPU) and gpu.js kernel sources.
 */
export * from './batch-norm';
export * from './layer-norm';
