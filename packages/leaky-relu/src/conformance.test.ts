import { describeActivationConformance } from '@rectify/testkit';
import { leakyRelu } from './index';

describeActivationConformance(leakyRelu, { hyperSets: [{ negativeSlope: 0.2 }, { negativeSlope: 0 }, { negativeSlope: 1.5 }] });
