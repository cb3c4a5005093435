export type * from './contract';
export { bceWithLogits } from './bce-with-logits';
export { LOSS_NAMES, lossFromName } from './from-name';
export { mse } from './mse';
export { softmaxCrossEntropy } from './softmax-cross-entropy';
export { oneHot } from '../utils/one-hot';
