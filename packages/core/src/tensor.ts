import { ShapeError, ValidationError } from './errors';

/** Largest element count a tensor may hold (2^31 - 1 is far beyond what a small network needs). */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** A dense float32 tensor in row-major order with an explicit shape. */
export class Tensor {
  /** The elements, row-major. Its length equals the product of `shape`. */
  readonly data: Float32Array;
  /** The dimensions, outermost first. `[batch, features]` for the inputs of a dense layer. */
  readonly shape: readonly number[];

  /**
   * Wraps `data` without copying it.
   * @throws ShapeError when a dimension is not a non-negative integer, the shape holds more than
   * {@link MAX_TENSOR_ELEMENTS} elements, or `data.length` is not the product of `shape`.
   */
  constructor(data: Float32Array, shape: readonly number[]) {
    const size = shapeSize(shape, 'tensor');
    if (data.length !== size) {
      throw new ShapeError(
        `tensor: ${data.length} values do not fill shape [${shape.join(', ')}] (${size} values); pass data of length ${size} or fix the shape`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The first dimension (the batch, for model inputs). */
  get rows(): number {
    return this.shape[0] ?? 1;
  }

  /** Elements per row: the product of every dimension after the first. */
  get cols(): number {
    return this.shape.length === 0 ? 1 : this.data.length / Math.max(1, this.shape[0]);
  }

  /** A copy with its own buffer. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** Nested plain arrays, for printing and tests. */
  toArray(): unknown {
    const build = (dim: number, offset: number): unknown => {
      const n = this.shape[dim];
      const stride = this.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        out.push(dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * stride));
      }
      return out;
    };
    return this.shape.length === 0 ? this.data[0] : build(0, 0);
  }
}

/** Product of the dimensions, after checking each is a non-negative safe integer. */
export function shapeSize(shape: readonly number[], where: string): number {
  let size = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${where}: shape [${shape.join(', ')}] has dimension ${d}; every dimension must be a non-negative integer`,
      );
    }
    size *= d;
  }
  if (size > MAX_TENSOR_ELEMENTS) {
    throw new ShapeError(
      `${where}: shape [${shape.join(', ')}] holds ${size} elements, more than the limit of ${MAX_TENSOR_ELEMENTS}`,
    );
  }
  return size;
}

/** Infers the shape of nested arrays, checking that they are rectangular. */
function inferShape(values: unknown): number[] {
  const shape: number[] = [];
  let v = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flatten(values: unknown, shape: number[], dim: number, out: number[]): void {
  if (dim === shape.length) {
    out.push(values as number);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[dim]) {
    throw new ShapeError(`tensor: nested arrays are ragged at depth ${dim}; every row must have ${shape[dim]} elements`);
  }
  for (const v of values) flatten(v, shape, dim + 1, out);
}

/**
 * Creates a tensor from a flat array (with a shape) or from nested arrays (shape inferred).
 * @example tensor([[0, 1], [1, 0]]) // shape [2, 2]
 * @example tensor(new Float32Array(6), [2, 3])
 */
export function tensor(values: ArrayLike<number> | readonly unknown[], shape?: readonly number[]): Tensor {
  if (shape) {
    const data = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    return new Tensor(data, shape);
  }
  const inferred = inferShape(values);
  const flat: number[] = [];
  flatten(values, inferred, 0, flat);
  return new Tensor(Float32Array.from(flat), inferred);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[]): Tensor {
  return new Tensor(new Float32Array(shapeSize(shape, 'zeros')), shape);
}

/** Throws a ShapeError naming both shapes and the operation unless `actual` equals `expected`. */
export function assertSameShape(op: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new ShapeError(`${op}: got shape [${actual.join(', ')}] but expected [${expected.join(', ')}]`);
  }
}

/** Throws a ValidationError naming the first NaN or ±Infinity in `data`. */
export function assertFinite(op: string, data: Float32Array, fix = 'clean or normalise the data first'): void {
  // v·0 is 0 for every finite v and NaN for NaN and ±Infinity, so one branch-free pass finds whether any element is
  // bad (every training step checks its batch); only then does the loop below look for the first one.
  let a = 0;
  let b = 0;
  const n = data.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    a += data[i] * 0;
    b += data[i + 1] * 0;
  }
  if (i < n) a += data[i] * 0;
  if (a + b === 0) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      throw new ValidationError(`${op}: element ${i} is ${v}; inputs must be finite numbers (${fix})`, 'NON_FINITE');
    }
  }
}
