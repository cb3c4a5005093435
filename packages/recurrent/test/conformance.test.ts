import { createDefaultRegistry } from '@rectify/core';
import { elu } from '@rectify/elu';
import { relu } from '@rectify/relu';
import { describeLayerConformance, layerSubject } from '@rectify/testkit';
import * as gpujs from 'gpu.js';
import { identityInit, simpleRNN, simpleRnnLayerPlugin } from '../src';

// The layer suite, with the CPU ≡ gpu check on every gpu.js mode Node offers. Short sequences keep it quick.
const registry = createDefaultRegistry().registerActivation(relu).registerActivation(elu).registerLayer(simpleRnnLayerPlugin);
const GPU = ((gpujs as unknown as { default?: typeof gpujs }).default ?? gpujs).GPU as never;
const options = { registry, gpu: { GPU, modes: ['headlessgl', 'webasm', 'cpu'] } };

describeLayerConformance(layerSubject(() => simpleRNN(5), [4, 3], options));
describeLayerConformance(layerSubject(() => simpleRNN(3, { returnSequences: true }), [3, 2], options));
describeLayerConformance(layerSubject(() => simpleRNN(4, { activation: 'relu', returnSequences: true }), [3, 2], options));
describeLayerConformance(
  layerSubject(() => simpleRNN(3, { activation: relu, recurrentInitializer: identityInit() }), [4, 2], options),
);
// A hyper-parameter away from its default reaches the gpu function by name; one step has no recurrent gradient.
describeLayerConformance(layerSubject(() => simpleRNN(3, { activation: elu({ alpha: 0.5 }) }), [1, 4], options));
