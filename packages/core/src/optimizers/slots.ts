import { ValidationError } from '../errors';
import type { OptimizerState, ParamRef } from './contract';

/**
 * Checks a saved {@link OptimizerState} against the parameters before anything is restored: the step count,
 * that every id names one of `params`, that each id has exactly the slots `expected` asks for, and that every
 * array has the parameter's length and only finite values. Throws a ValidationError naming the parameter.
 * `expected(id)` returns slot name → required length (a slot of length 1 such as `step` included).
 */
export function checkState(
  type: string,
  state: OptimizerState,
  params: readonly ParamRef[],
  slotLengths: (param: ParamRef) => Readonly<Record<string, number>>,
): void {
  const where = `${type}.setState`;
  if (typeof state !== 'object' || state === null) throw new ValidationError(`${where}: state must be an object from getState()`);
  if (!Number.isInteger(state.step) || state.step < 0) {
    throw new ValidationError(`${where}: step must be a non-negative integer, got ${String(state.step)}`);
  }
  if (typeof state.slots !== 'object' || state.slots === null) {
    throw new ValidationError(`${where}: slots must be an object keyed by parameter id`);
  }
  const byId = new Map<string, ParamRef>();
  for (const ref of params) byId.set(ref.id, ref);
  for (const [id, slots] of Object.entries(state.slots)) {
    const ref = byId.get(id);
    if (!ref) {
      throw new ValidationError(`${where}: the state has parameter "${id}" but the model has no parameter with that id`);
    }
    if (typeof slots !== 'object' || slots === null)
      throw new ValidationError(`${where}: parameter "${id}": slots must be an object`);
    const expected = slotLengths(ref);
    const names = Object.keys(expected);
    for (const name of Object.keys(slots)) {
      if (!names.includes(name)) {
        throw new ValidationError(`${where}: parameter "${id}" has unknown slot "${name}"; expected ${names.join(', ')}`);
      }
    }
    for (const name of names) {
      const values = slots[name];
      if (!Array.isArray(values)) throw new ValidationError(`${where}: parameter "${id}" is missing slot "${name}"`);
      if (values.length !== expected[name]) {
        throw new ValidationError(
          `${where}: parameter "${id}" slot "${name}" has ${values.length} values but the parameter needs ${expected[name]}`,
        );
      }
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new ValidationError(`${where}: parameter "${id}" slot "${name}" value ${i} is ${String(v)}; it must be finite`);
        }
      }
    }
  }
}

/** Throws a ValidationError when a parameter changed size since the optimizer allocated its state. */
export function checkSize(type: string, id: string, have: number, want: number): void {
  if (have !== want) {
    throw new ValidationError(
      `${type}: parameter "${id}" has ${want} values but its optimizer state has ${have}; create a new optimizer for a rebuilt model`,
    );
  }
}
