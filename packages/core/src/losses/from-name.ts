import { ValidationError } from '../errors';
import { bceWithLogits } from './bce-with-logits';
import type { Loss, LossName } from './contract';
import { mse } from './mse';
import { softmaxCrossEntropy } from './softmax-cross-entropy';

const FACTORIES: Readonly<Record<LossName, () => Loss>> = Object.freeze({
  mse,
  'bce-with-logits': bceWithLogits,
  'softmax-cross-entropy': softmaxCrossEntropy,
});

/** Names accepted by {@link lossFromName}. */
export const LOSS_NAMES: readonly LossName[] = Object.freeze(Object.keys(FACTORIES) as LossName[]);

/** The built-in loss called `name`; throws a ValidationError listing the known names when there is none. */
export function lossFromName(name: LossName): Loss {
  if (typeof name !== 'string' || !Object.hasOwn(FACTORIES, name)) {
    throw new ValidationError(`unknown loss "${String(name)}"; known losses: ${LOSS_NAMES.join(', ')}`, 'UNKNOWN_LOSS');
  }
  return FACTORIES[name]();
}
