import { createDefaultRegistry } from '@rectify/core';
import * as rectifyOnnx from '@rectify/onnx';
import { describeLayerConformance, layerSubject, onnxruntimeRunner } from '@rectify/testkit';
import * as gpujs from 'gpu.js';
import * as ort from 'onnxruntime-node';
import { avgPool2d, conv2d, flatten, globalAvgPool, maxPool2d, convLayerPlugins } from '../src';

// CPU and gpu executors (every gpu.js mode Node offers), ONNX export (checked in onnxruntime) and import hooks.
const registry = createDefaultRegistry();
for (const plugin of convLayerPlugins) registry.registerLayer(plugin);
const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const options = {
  registry,
  gpu: { GPU, modes: ['headlessgl', 'webasm', 'cpu'] },
  onnx: onnxruntimeRunner(rectifyOnnx, ort as never),
  onnxProto: rectifyOnnx.buildOnnxModelProto,
};

describeLayerConformance(layerSubject(() => conv2d(4, 3, { strides: 2, padding: 1, groups: 2 }), [4, 5, 5], options));
describeLayerConformance(layerSubject(() => conv2d(3, [2, 3], { dilation: 2, useBias: false }), [2, 6, 7], options));
// 'same' with an even window pads one zero more after than before (as PyTorch): ONNX gets asymmetric pads.
describeLayerConformance(layerSubject(() => conv2d(3, 4, { padding: 'same', groups: 3 }), [3, 5, 6], options));
// Windows that do not overlap: with overlapping ones a near-tie between h/2 and h of an input throws the suite's
// Richardson finite difference off by ~0.2 %, under its kink detector's 1 % (test/finite-difference.test.ts covers
// overlapping max pooling with its own central differences).
describeLayerConformance(layerSubject(() => maxPool2d(2, { padding: 1 }), [2, 4, 5], options));
describeLayerConformance(layerSubject(() => avgPool2d(3, { strides: 2, padding: 1 }), [2, 5, 5], options));
describeLayerConformance(layerSubject(() => globalAvgPool(), [3, 4, 4], options));
describeLayerConformance(layerSubject(() => flatten(), [2, 3, 4], options));
