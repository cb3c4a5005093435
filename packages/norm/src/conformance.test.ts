import { describeLayerConformance } from '@rectify/testkit';
import { batchNormSubject, layerNormSubject } from './conformance-subjects';

describeLayerConformance(batchNormSubject([4]));
describeLayerConformance(batchNormSubject([3, 2, 2]), { batch: 3 });
describeLayerConformance(batchNormSubject([2], 1e-3, 0.3), { batch: 2, inputScale: 2 });
describeLayerConformance(layerNormSubject([6]));
describeLayerConformance(layerNormSubject([2, 3]), { inputScale: 3 });
