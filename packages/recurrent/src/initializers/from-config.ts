import { type Initializer, type InitializerConfig, ValidationError, initializerFromConfig } from '@rectify/core';
import { identityInit } from './identity';
import { orthogonalInit } from './orthogonal';

/**
 * An initializer from JSON: `identity` and `orthogonal` (with an optional finite `gain`) here, every other type
 * through core's `initializerFromConfig`.
 * @throws ValidationError naming the field for an unknown key or a bad gain.
 */
export function recurrentInitializerFromConfig(config: InitializerConfig): Initializer {
  if (config.type !== 'identity' && config.type !== 'orthogonal') return initializerFromConfig(config);
  for (const key of Object.keys(config)) {
    if (key !== 'type' && key !== 'gain') {
      throw new ValidationError(`${config.type}: unknown option "${key}" in its config; known: gain`);
    }
  }
  const gain = config.gain ?? 1;
  if (typeof gain !== 'number') throw new ValidationError(`${config.type}: gain must be a number, got ${JSON.stringify(gain)}`);
  return config.type === 'identity' ? identityInit(gain) : orthogonalInit(gain);
}
