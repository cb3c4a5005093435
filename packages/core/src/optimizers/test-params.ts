import type { ParamRef } from './contract';

/** A parameter for optimizer tests: `values` rounded to float32, zero gradient. */
export function makeParam(id: string, values: number[], decay = true): ParamRef {
  return {
    id,
    param: {
      name: id.split('.').pop() ?? id,
      shape: [values.length],
      value: Float32Array.from(values),
      grad: new Float32Array(values.length),
      decay,
    },
  };
}

/** The float64 values of a float32 array. */
export function asNumbers(a: Float32Array): number[] {
  return Array.from(a);
}
