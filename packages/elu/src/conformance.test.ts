import { describeActivationConformance } from '@rectify/testkit';
import { elu } from './index';

describeActivationConformance(elu, { hyperSets: [{ alpha: 0.5 }, { alpha: 2 }] });
