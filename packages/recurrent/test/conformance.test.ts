import { createDefaultRegistry } from '@rectify/core';
import { elu } from '@rectify/elu';
import { relu } from '@rectify/relu';
import * as rectifyOnnx from '@rectify/onnx';
import { describeLayerConformance, layerSubject, onnxruntimeRunner } from '@rectify/testkit';
import * as ort from 'onnxruntime-node';
import * as gpujs from 'gpu.js';
import { identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';

// The layer suite, with the CPU ≡ gpu check on every gpu.js mode Node offers. Short sequences keep it quick.
const registry = createDefaultRegistry().registerActivation(relu).registerActivation(elu).registerLayer(simpleRnnLayerPlugin);
const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const options = { registry, gpu: { GPU, modes: ['headlessgl', 'webasm', 'cpu'] } };
// Relu and tanh cells also run exported in onnxruntime (the RNN operator has no ELU). The testkit's import check
// (onnxProto) is left out: its graph view reads neither string attributes nor int64 initializers; test/onnx.test.ts
// round-trips the layer through importOnnx instead.
const withOnnx = { ...options, onnx: onnxruntimeRunner(rectifyOnnx, ort as never) };

describeLayerConformance(layerSubject(() => simpleRNN(5), [4, 3], withOnnx));
describeLayerConformance(layerSubject(() => simpleRNN(3, { returnSequences: true }), [3, 2], options));
describeLayerConformance(layerSubject(() => simpleRNN(4, { activation: 'relu', returnSequences: true }), [3, 2], withOnnx));
describeLayerConformance(
  layerSubject(() => simpleRNN(3, { activation: relu, recurrentInitializer: identityInit() }), [4, 2], withOnnx),
);
// A hyper-parameter away from its default reaches the gpu function by name; one step has no recurrent gradient.
describeLayerConformance(layerSubject(() => simpleRNN(3, { activation: elu({ alpha: 0.5 }) }), [1, 4], options));
