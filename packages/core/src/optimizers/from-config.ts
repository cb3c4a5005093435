import { ValidationError } from '../errors';
import { adam, adamw } from './adam';
import type { Optimizer, OptimizerConfig } from './contract';
import { sgd } from './sgd';

const FACTORIES: Readonly<Record<string, (options: Record<string, unknown>) => Optimizer>> = Object.freeze({
  sgd: (o) => sgd(o as never),
  adam: (o) => adam(o as never),
  adamw: (o) => adamw(o as never),
});

/**
 * Rebuilds an optimizer from {@link Optimizer.config} output (e.g. from model JSON). Every field is validated by
 * the optimizer's factory; an unknown `type` or field throws a ValidationError naming it.
 */
export function optimizerFromConfig(config: OptimizerConfig): Optimizer {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValidationError('optimizerFromConfig: config must be an object such as { type: "adam", learningRate: 0.001 }');
  }
  const { type, ...options } = config;
  if (typeof type !== 'string' || !Object.hasOwn(FACTORIES, type)) {
    throw new ValidationError(
      `optimizerFromConfig: unknown optimizer type "${String(type)}"; known: ${Object.keys(FACTORIES).join(', ')}`,
      'UNKNOWN_OPTIMIZER',
    );
  }
  return FACTORIES[type](options);
}
