import { ShapeError, ValidationError } from '../errors';
import type { Loss } from '../losses/contract';
import { assertFinite, Tensor } from '../tensor';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a plain array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return typeof v === 'object' ? `an object (${(v as object).constructor?.name ?? 'no prototype'})` : `a ${typeof v}`;
}

/**
 * Checks that argument `name` of `op` is a real {@link Tensor} whose float32 data fills its shape: a plain array,
 * a typed array or a tensor-like object would otherwise fail deep inside a kernel or read garbage.
 */
export function checkTensorArg(op: string, name: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new ValidationError(
      `${op}: ${name} must be a Tensor, got ${describe(t)}; convert nested arrays with tensor(...) or wrap a Float32Array with new Tensor(data, shape)`,
      'NOT_A_TENSOR',
    );
  }
  const data: unknown = t.data;
  const shape: unknown = t.shape;
  const size = Array.isArray(shape) ? shape.reduce((a: number, b: unknown) => a * (b as number), 1) : Number.NaN;
  if (!(data instanceof Float32Array) || data.length !== size) {
    throw new ValidationError(
      `${op}: ${name} is a Tensor whose data (${describe(data)} of length ${(data as { length?: unknown })?.length}) does not fill its shape [${Array.isArray(shape) ? shape.join(', ') : String(shape)}]; build it with tensor(...) and do not modify it`,
      'NOT_A_TENSOR',
    );
  }
}

function matches(t: Tensor, sample: readonly number[]): boolean {
  if (t.shape.length !== sample.length + 1 || t.shape[0] < 1) return false;
  for (let i = 0; i < sample.length; i++) if (t.shape[i + 1] !== sample[i]) return false;
  return true;
}

/**
 * Checks that `x` and `y` are Tensors, `x` is `[rows, ...inputShape]`, `y` is `[rows, ...outputShape]` with the same
 * rows, both finite, and (given the `loss`) that the targets are ones the loss is defined for. Errors name the
 * operation, the argument and the fix.
 */
export function checkData(
  op: string,
  x: Tensor,
  y: Tensor,
  inputShape: readonly number[],
  outputShape: readonly number[],
  loss?: Loss,
): void {
  checkTensorArg(op, 'x', x);
  checkTensorArg(op, 'y', y);
  if (!matches(x, inputShape)) {
    throw new ShapeError(
      `${op}: x has shape [${x.shape.join(', ')}] but the model takes [batch, ${inputShape.join(', ')}]; reshape x or change inputShape`,
    );
  }
  if (!matches(y, outputShape)) {
    throw new ShapeError(
      `${op}: y has shape [${y.shape.join(', ')}] but the model outputs [batch, ${outputShape.join(', ')}]; give one target per output (one-hot for classes)`,
    );
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `${op}: x has ${x.shape[0]} rows (shape [${x.shape.join(', ')}]) but y has ${y.shape[0]} (shape [${y.shape.join(', ')}]); give one target row per input row`,
    );
  }
  assertFinite(`${op}: x`, x.data);
  assertFinite(`${op}: y`, y.data);
  const cols = y.data.length / y.shape[0];
  loss?.checkTargets?.(y.data, y.shape[0], cols, `${op}: y`);
}

/** Checks that `x` is `[rows, ...inputShape]` (NaN in gives NaN out, so values are not checked). */
export function checkInput(op: string, x: Tensor, inputShape: readonly number[]): void {
  checkTensorArg(op, 'x', x);
  if (!matches(x, inputShape)) {
    throw new ShapeError(
      `${op}: x has shape [${x.shape.join(', ')}] but the model takes [batch, ${inputShape.join(', ')}]; reshape x or change inputShape`,
    );
  }
}
