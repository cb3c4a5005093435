import { ValidationError } from '../errors';

/** A finite number in `[min, max]`, or a ValidationError naming the schedule and the option. */
export function checkRange(where: string, name: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ValidationError(`${where}: ${name} must be a finite number ${range}, got ${String(value)}`);
  }
  return value;
}

/** A positive integer, or a ValidationError naming the schedule and the option. */
export function checkPositiveInt(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${where}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
