import { ModelFormatError } from '../errors';
import { jsonPointer } from './json-pointer';

/** A path into the document being validated. */
export type Path = readonly (string | number)[];

/** Throws a {@link ModelFormatError} at `path`. */
export function fail(path: Path, message: string): never {
  throw new ModelFormatError(jsonPointer(path), message);
}

/** Describes a value's JSON type for messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The value as an object (not an array, not null), or a failure at `path`. */
export function expectObject(v: unknown, path: Path): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `must be an object, got ${typeName(v)}`);
  return v as Record<string, unknown>;
}

/** The value as an array, or a failure at `path`. */
export function expectArray(v: unknown, path: Path): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${typeName(v)}`);
  return v;
}

/** The value as a string of at most `maxLength` characters, or a failure at `path`. */
export function expectString(v: unknown, path: Path, maxLength = 256): string {
  if (typeof v !== 'string') fail(path, `must be a string, got ${typeName(v)}`);
  if (v.length > maxLength) fail(path, `is a string of ${v.length} characters; at most ${maxLength} are allowed`);
  return v;
}

/** The value as a finite number, or a failure at `path`. */
export function expectNumber(v: unknown, path: Path): number {
  if (typeof v !== 'number') fail(path, `must be a number, got ${typeName(v)}`);
  if (!Number.isFinite(v)) fail(path, `must be a finite number, got ${v}`);
  return v;
}

/** The value as a safe integer in `[min, max]`, or a failure at `path`. */
export function expectInteger(v: unknown, path: Path, min: number, max: number): number {
  const n = expectNumber(v, path);
  if (!Number.isInteger(n)) fail(path, `must be an integer, got ${n}`);
  if (n < min || n > max) fail(path, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Fails when `obj` has a key outside `allowed` or lacks one of `required`. */
export function expectKeys(
  obj: Record<string, unknown>,
  path: Path,
  required: readonly string[],
  optional: readonly string[] = [],
): void {
  for (const key of Object.keys(obj)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail([...path, key], `unknown key "${key}"; allowed keys here: ${[...required, ...optional].join(', ')}`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(obj, key)) fail([...path, key], `the required key "${key}" is missing`);
  }
}
