/**
 * @packageDocumentation
 * Convolutional layer plugins for Rectify, NCHW with PyTorch semantics: Conv2d (stride, padding incl. 'same',
 * dilation, groups), MaxPool2d, AvgPool2d, GlobalAvgPool and Flatten, with CPU and gpu executors and ONNX hooks.
 */
export * from './conv2d/plugin';
export * from './flatten';
export type { Padding, Pair } from './geometry';
export * from './pool/global';
export * from './pool/plugin';
export { convLayerPlugins } from './plugins';
