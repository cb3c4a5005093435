import type { Param } from './contract';

/** Allocates a zero-filled {@link Param} with its gradient buffer. */
export function createParam(name: string, shape: readonly number[], decay: boolean): Param {
  const size = shape.reduce((a, b) => a * b, 1);
  return Object.freeze({
    name,
    shape: Object.freeze([...shape]),
    value: new Float32Array(size),
    grad: new Float32Array(size),
    decay,
  });
}
