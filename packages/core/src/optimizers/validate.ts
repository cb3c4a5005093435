import { ValidationError } from '../errors';

/** Throws a ValidationError unless `value` is a finite number in the range; returns it. */
export function checkNumber(
  where: string,
  key: string,
  value: unknown,
  range: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`${where}: ${key} must be a finite number, got ${String(value)}`);
  }
  const { min, max, exclusiveMin, exclusiveMax } = range;
  if (min !== undefined && (value < min || (exclusiveMin && value === min))) {
    throw new ValidationError(`${where}: ${key} must be ${exclusiveMin ? '>' : '>='} ${min}, got ${value}`);
  }
  if (max !== undefined && (value > max || (exclusiveMax && value === max))) {
    throw new ValidationError(`${where}: ${key} must be ${exclusiveMax ? '<' : '<='} ${max}, got ${value}`);
  }
  return value;
}

/** Throws a ValidationError unless `value` is a boolean; returns it. */
export function checkBoolean(where: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${where}: ${key} must be true or false, got ${String(value)}`);
  return value;
}

/** Throws a ValidationError naming the first key of `options` that is not in `known`. */
export function checkKnownKeys(where: string, options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`${where}: options must be an object such as { ${known[0]}: ... }`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValidationError(`${where}: unknown option "${key}"; known: ${known.join(', ')}`);
    }
  }
}
