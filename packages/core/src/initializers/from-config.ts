import { ValidationError } from '../errors';
import { checkKnownKeys } from '../optimizers/validate';
import { constantInit, zeroInit } from './constant';
import type { Initializer, InitializerConfig } from './contract';
import { glorotNormal, glorotUniform } from './glorot';
import { heNormal, heUniform } from './he';
import { lecunNormal, lecunUniform } from './lecun';
import { randomizedAsymmetricBias, randomizedAsymmetricKernel } from './randomized-asymmetric';

type Options = Record<string, unknown>;

function withoutOptions(type: string, make: () => Initializer): (o: Options) => Initializer {
  return (o) => {
    checkKnownKeys(type, o, []);
    return make();
  };
}

const FACTORIES: Readonly<Record<string, (options: Options) => Initializer>> = Object.freeze({
  'he-normal': (o: Options) => heNormal(o),
  'he-uniform': (o: Options) => heUniform(o),
  'glorot-normal': (o: Options) => glorotNormal(o),
  'glorot-uniform': (o: Options) => glorotUniform(o),
  'lecun-normal': withoutOptions('lecun-normal', lecunNormal),
  'lecun-uniform': withoutOptions('lecun-uniform', lecunUniform),
  constant: (o: Options) => {
    checkKnownKeys('constant', o, ['value']);
    return constantInit(o.value as number);
  },
  zeros: withoutOptions('zeros', zeroInit),
  'randomized-asymmetric-kernel': (o: Options) => randomizedAsymmetricKernel(o),
  'randomized-asymmetric-bias': (o: Options) => randomizedAsymmetricBias(o),
});

/** Types accepted by {@link initializerFromConfig}. */
export const INITIALIZER_TYPES: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Rebuilds an initializer from its {@link Initializer.config} JSON. Every field is validated; an unknown type or
 * field throws a ValidationError naming it.
 */
export function initializerFromConfig(config: InitializerConfig): Initializer {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValidationError('initializerFromConfig: config must be an object such as { type: "he-normal" }');
  }
  const { type, ...options } = config;
  if (typeof type !== 'string' || !Object.hasOwn(FACTORIES, type)) {
    throw new ValidationError(
      `initializerFromConfig: unknown initializer type "${String(type)}"; known: ${INITIALIZER_TYPES.join(', ')}`,
      'UNKNOWN_INITIALIZER',
    );
  }
  return FACTORIES[type](options);
}
