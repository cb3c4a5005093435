import { expect } from 'vitest';
import { ModelFormatError } from '../errors';

// Test support shared by the serialization tests (not exported from the package).

/** Runs `fn` and returns the ModelFormatError it throws (fails the test if it throws anything else or nothing). */
export function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFormatError);
    return e as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError, but nothing was thrown');
}
