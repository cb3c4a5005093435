import { ValidationError } from '../errors';
import type { Param } from './contract';

/** The default of `SequentialOptions.maxParameters`: 2^24 parameters (64 MiB of weights plus 64 MiB of gradients). */
export const DEFAULT_MAX_PARAMETERS = 2 ** 24;

/** How many parameter values the model being built may still allocate. */
interface ParameterBudget {
  readonly limit: number;
  used: number;
}

let activeBudget: ParameterBudget | null = null;

/**
 * Runs `build` with a budget of `limit` parameter values for every {@link createParam} it makes, at any depth (a
 * residual body's layers included), so an oversized layer fails before its arrays are allocated. Budgets do not
 * nest: building is synchronous and one model is built at a time.
 */
export function withParameterBudget<T>(limit: number, build: () => T): T {
  const outer = activeBudget;
  activeBudget = { limit, used: 0 };
  try {
    return build();
  } finally {
    activeBudget = outer;
  }
}

/**
 * Allocates a zero-filled {@link Param} with its gradient buffer. Inside {@link withParameterBudget} (every
 * `sequential()` build), first charges its size to the model's parameter budget and throws a ValidationError
 * (code `TOO_MANY_PARAMETERS`) naming the parameter, its shape and size when the model would go over it.
 */
export function createParam(name: string, shape: readonly number[], decay: boolean): Param {
  const size = shape.reduce((a, b) => a * b, 1);
  const budget = activeBudget;
  if (budget) {
    if (!(budget.used + size <= budget.limit)) {
      throw new ValidationError(
        `parameter ${name} of shape [${shape.join(', ')}] has ${size} values, which takes the model to ${budget.used + size} parameters, over the limit of ${budget.limit}; use fewer units, or raise sequential({ maxParameters }) if the memory (8 bytes per parameter) is really available`,
        'TOO_MANY_PARAMETERS',
      );
    }
    budget.used += size;
  }
  return Object.freeze({
    name,
    shape: Object.freeze([...shape]),
    value: new Float32Array(size),
    grad: new Float32Array(size),
    decay,
  });
}
