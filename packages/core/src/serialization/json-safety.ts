import { ModelFormatError } from '../errors';
import { jsonPointer } from './json-pointer';

/** Keys that could reach an object's prototype chain when code later merges the data into an object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What {@link scanJsonText} bounds. */
export interface JsonTextLimits {
  /** Deepest nesting of `[` and `{`. */
  readonly maxDepth: number;
  /** Most arrays and objects. */
  readonly maxJsonContainers: number;
  /** Most array elements and object members. */
  readonly maxJsonValues: number;
}

/**
 * Bounds the work and memory of `JSON.parse` before it runs: one pass over the text, allocating nothing, that
 * counts nesting depth, arrays and objects (each `[` and `{`) and values (each `,` plus each container: at least
 * every array element and object member but the first of each), outside strings. Stops and throws a
 * ModelFormatError at the first limit exceeded, so a document of millions of empty objects or a 100 MB array of
 * zeros is refused without building any of it.
 */
export function scanJsonText(text: string, limits: JsonTextLimits): void {
  const { maxDepth, maxJsonContainers, maxJsonValues } = limits;
  let depth = 0;
  let containers = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x2c) {
      if (++values > maxJsonValues) tooMany(i, `more than ${maxJsonValues} values`, 'maxJsonValues');
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        throw new ModelFormatError(
          '',
          `nesting is deeper than ${maxDepth} levels (at character ${i}); a model document is never this deep`,
        );
      }
      if (++containers > maxJsonContainers) tooMany(i, `more than ${maxJsonContainers} arrays and objects`, 'maxJsonContainers');
      if (++values > maxJsonValues) tooMany(i, `more than ${maxJsonValues} values`, 'maxJsonValues');
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

function tooMany(at: number, what: string, limit: string): never {
  throw new ModelFormatError(
    '',
    `the JSON text holds ${what} (at character ${at}), the limit ${limit}; a model document holds its weights, optimizer state and a few values per layer. Raise the limit only for a document you trust`,
  );
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is plain JSON data: only plain objects, arrays, strings, finite numbers, booleans and null;
 * own data properties only (no getters, so reading it runs no code); no `__proto__`, `constructor` or `prototype`
 * keys; nesting at most `maxDepth`. Throws a {@link ModelFormatError} with the JSON pointer of the first problem.
 */
export function checkJsonTree(value: unknown, maxDepth: number): void {
  const path: (string | number)[] = [];
  const fail = (message: string): never => {
    throw new ModelFormatError(jsonPointer(path), message);
  };
  const visit = (v: unknown, depth: number): void => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return;
      case 'number':
        if (v - v !== 0) fail(`${v} is not a finite number; JSON model data holds finite numbers only`);
        return;
      case 'object':
        break;
      default:
        fail(`a ${typeof v} is not JSON data; a model document holds only objects, arrays, strings, numbers, booleans and null`);
    }
    if (v === null) return;
    if (depth >= maxDepth) fail(`nesting is deeper than ${maxDepth} levels; a model document is never this deep`);
    const obj = v as object;
    if (Array.isArray(obj)) {
      if (Object.getPrototypeOf(obj) !== Array.prototype) fail('is an array with a modified prototype; pass plain JSON data');
      const n = obj.length;
      for (let i = 0; i < n; i++) {
        const item = obj[i];
        // Fast path for the long number arrays of weights.
        if (typeof item === 'number') {
          if (item - item !== 0) {
            path.push(i);
            fail(`${item} is not a finite number; JSON model data holds finite numbers only`);
          }
          continue;
        }
        if (!Object.hasOwn(obj, i)) {
          path.push(i);
          fail('is a hole in a sparse array; pass plain JSON data');
        }
        path.push(i);
        visit(item, depth + 1);
        path.pop();
      }
      return;
    }
    if (!isPlainObject(obj)) fail('is not a plain object (it has a class or custom prototype); pass plain JSON data');
    if (Object.getOwnPropertySymbols(obj).length > 0) fail('has symbol keys; pass plain JSON data');
    for (const key of Object.getOwnPropertyNames(obj)) {
      path.push(key);
      if (FORBIDDEN_KEYS.has(key))
        fail(`the key "${key}" is not allowed anywhere in a model document (prototype pollution guard)`);
      const desc = Object.getOwnPropertyDescriptor(obj, key)!;
      if (!('value' in desc)) fail('is an accessor property (getter/setter); pass plain JSON data, reading it must not run code');
      visit(desc.value, depth + 1);
      path.pop();
    }
  };
  visit(value, 0);
}
