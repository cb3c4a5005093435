import { ValidationError } from '../errors';

/** Largest tensor accepted from a state_dict file, in elements (a guard before allocating). */
export const MAX_TORCH_ELEMENTS = 1 << 26;

/**
 * Reads a nested array of numbers (a `tensor.tolist()`) into its shape and row-major float32 values. Checks that
 * the array is rectangular, at most 2-D and finite, and sizes it from the first elements before allocating.
 * @throws ValidationError naming `where` and the first bad element.
 */
export function readNestedArray(where: string, value: unknown): { shape: number[]; data: Float32Array } {
  if (typeof value === 'number') return { shape: [], data: checkedValues(where, [value]) };
  if (!Array.isArray(value)) throw new ValidationError(`${where}: expected a number or a nested array of numbers`);
  if (value.length > 0 && Array.isArray(value[0])) {
    const cols = (value[0] as unknown[]).length;
    if (value.length * cols > MAX_TORCH_ELEMENTS) {
      throw new ValidationError(`${where}: ${value.length}×${cols} values is more than the limit of ${MAX_TORCH_ELEMENTS}`);
    }
    const data = new Float32Array(value.length * cols);
    value.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ValidationError(
          `${where}: row ${i} does not have ${cols} numbers; the array must be rectangular and 1-D or 2-D`,
        );
      }
      data.set(checkedValues(`${where}[${i}]`, row), i * cols);
    });
    return { shape: [value.length, cols], data };
  }
  if (value.length > MAX_TORCH_ELEMENTS) throw new ValidationError(`${where}: more than ${MAX_TORCH_ELEMENTS} values`);
  return { shape: [value.length], data: checkedValues(where, value) };
}

function checkedValues(where: string, values: readonly unknown[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(`${where}: element ${i} is ${JSON.stringify(v)}, not a finite number`);
    }
    out[i] = v;
  }
  return out;
}
