import { ModelFormatError } from '../errors';
import type { ModelJSON } from './format';
import { checkJsonTree, scanJsonText } from './json-safety';
import { type ModelLimits, resolveModelLimits } from './limits';
import { validateModelDocument } from './schema';

/**
 * Validates an untrusted model document, given as JSON text or as already-parsed data, and returns it typed.
 * Checks, in order: text length, nesting depth and the number of containers and values (before parsing, so
 * `JSON.parse` never builds more than the limits allow), that the data is plain JSON (no getters,
 * no `__proto__` / `constructor` / `prototype` keys, finite numbers only), then the schema, shapes, limits and
 * weight sizes. Does not look plugins up: {@link loadModel} does that. Throws a {@link ModelFormatError} whose
 * `path` is a JSON pointer to the problem.
 */
export function parseModelJSON(input: string | unknown, limits: ModelLimits = {}): ModelJSON {
  const resolved = resolveModelLimits(limits);
  let value = input;
  if (typeof input === 'string') {
    if (input.length > resolved.maxTextLength) {
      throw new ModelFormatError(
        '',
        `the JSON text is ${input.length} characters long, more than the limit of ${resolved.maxTextLength} (maxTextLength); raise it only for a document you trust`,
      );
    }
    scanJsonText(input, resolved);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ModelFormatError('', `is not valid JSON (${(e as Error).message}); pass the text that serializeModel() wrote`);
    }
  }
  checkJsonTree(value, resolved.maxDepth);
  return validateModelDocument(value, resolved);
}
