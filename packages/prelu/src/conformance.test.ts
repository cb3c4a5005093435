import { describeActivationConformance } from '@rectify/testkit';
import { prelu } from './index';

describeActivationConformance(prelu, { channels: 3, hyperSets: [{ numParameters: 3 }, { numParameters: 3, init: -0.5 }] });
