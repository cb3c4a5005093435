import { activation, dense, dropout, residual, sigmoid, tanh } from '@rectify/core';
import { GPU } from 'gpu.js';
import { describeLayerConformance, layerSubject } from '../src/layer';

// Core's built-in layers pass the layer conformance suite (core cannot depend on the testkit, so they run here),
// with their gpu executors compared on headless-gl, gpu.js's WebAssembly mode and its CPU mode.
const gpu = { GPU: GPU as never, modes: ['headlessgl', 'webasm', 'cpu'] };

describeLayerConformance(layerSubject(() => dense(3), [5], { name: 'dense 5→3', gpu }));
describeLayerConformance(layerSubject(() => dense(2, { useBias: false }), [4], { name: 'dense 4→2, no bias', gpu }));
describeLayerConformance(layerSubject(() => activation(tanh), [6], { name: 'activation tanh', gpu }));
describeLayerConformance(layerSubject(() => activation(sigmoid), [6], { name: 'activation sigmoid', gpu }));
describeLayerConformance(
  layerSubject(() => residual([dense(4), activation(tanh), dense(4)]), [4], { name: 'residual [dense, tanh, dense]', gpu }),
);
describeLayerConformance(
  layerSubject(() => residual([dense(3), activation(tanh)]), [5], { name: 'residual with projection', gpu }),
);
describeLayerConformance(
  layerSubject(() => dropout(0.5), [8], { name: 'dropout 0.5', gpu }),
  { batch: 6 },
);
describeLayerConformance(layerSubject(() => dropout(0.1), [3, 2], { name: 'dropout 0.1 over [3, 2]', gpu }));
