import { ValidationError } from '../errors';
import type { LayerConfig } from './contract';

/** Throws a ValidationError naming the layer config and the field. */
export function configError(type: string, field: string, problem: string): never {
  throw new ValidationError(`${type} layer config: "${field}" ${problem}`, 'INVALID_CONFIG');
}

/** Checks that `config` is an object of the given `type` with no fields beyond `allowed`. */
export function checkConfigShape(config: unknown, type: string, allowed: readonly string[]): asserts config is LayerConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ValidationError(`${type} layer config must be an object such as { "type": "${type}", ... }`, 'INVALID_CONFIG');
  }
  const record = config as Record<string, unknown>;
  if (record.type !== type) configError(type, 'type', `must be "${type}", got ${JSON.stringify(record.type)}`);
  for (const key of Object.keys(record)) {
    if (key !== 'type' && !allowed.includes(key)) configError(type, key, `is not a known field; known: ${allowed.join(', ')}`);
  }
}

/** A positive integer field. */
export function positiveInt(type: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    configError(type, field, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A boolean field, or `fallback` when absent. */
export function optionalBoolean(type: string, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') configError(type, field, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** A plain-object field. */
export function objectField(type: string, field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    configError(type, field, `must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
