import { createDefaultRegistry } from '@rectify/core';
import { relu } from '@rectify/relu';
import { describeLayerConformance, layerSubject } from '@rectify/testkit';
import * as gpujs from 'gpu.js';
import { identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';

// The layer suite, with the CPU ≡ gpu check on every gpu.js mode Node offers. Short sequences keep it quick.
const registry = createDefaultRegistry().registerActivation(relu).registerLayer(simpleRnnLayerPlugin);
const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const options = { registry, gpu: { GPU, modes: ['headlessgl', 'webasm', 'cpu'] } };

describeLayerConformance(layerSubject(() => simpleRNN(5), [4, 3], options));
describeLayerConformance(layerSubject(() => simpleRNN(4, { activation: 'relu', returnSequences: true }), [3, 2], options));
describeLayerConformance(
  layerSubject(() => simpleRNN(3, { activation: relu, recurrentInitializer: identityInit() }), [1, 4], options),
);
