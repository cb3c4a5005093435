import { activation, createDefaultRegistry, dense, residual, sigmoid, tanh } from '@rectify/core';
import { describeLayerConformance, layerSubjectFromCoreLayer } from '../src/layer';

// Core's built-in layers pass the layer conformance suite (core cannot depend on the testkit, so they run here).
const registry = createDefaultRegistry();

describeLayerConformance(layerSubjectFromCoreLayer('dense 5→3', () => dense(3), [5], registry));
describeLayerConformance(layerSubjectFromCoreLayer('dense 4→2, no bias', () => dense(2, { useBias: false }), [4], registry));
describeLayerConformance(layerSubjectFromCoreLayer('activation tanh', () => activation(tanh), [6], registry));
describeLayerConformance(layerSubjectFromCoreLayer('activation sigmoid', () => activation(sigmoid), [6], registry));
describeLayerConformance(
  layerSubjectFromCoreLayer(
    'residual [dense, tanh, dense]',
    () => residual([dense(4), activation(tanh), dense(4)]),
    [4],
    registry,
  ),
);
describeLayerConformance(
  layerSubjectFromCoreLayer('residual with projection', () => residual([dense(3), activation(tanh)]), [5], registry),
);
