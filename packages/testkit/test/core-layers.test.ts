import { activation, dense, residual, sigmoid, tanh } from '@rectify/core';
import { describeLayerConformance, layerSubject } from '../src/layer';

// Core's built-in layers pass the layer conformance suite (core cannot depend on the testkit, so they run here).
describeLayerConformance(layerSubject(() => dense(3), [5], { name: 'dense 5→3' }));
describeLayerConformance(layerSubject(() => dense(2, { useBias: false }), [4], { name: 'dense 4→2, no bias' }));
describeLayerConformance(layerSubject(() => activation(tanh), [6], { name: 'activation tanh' }));
describeLayerConformance(layerSubject(() => activation(sigmoid), [6], { name: 'activation sigmoid' }));
describeLayerConformance(
  layerSubject(() => residual([dense(4), activation(tanh), dense(4)]), [4], { name: 'residual [dense, tanh, dense]' }),
);
describeLayerConformance(layerSubject(() => residual([dense(3), activation(tanh)]), [5], { name: 'residual with projection' }));
