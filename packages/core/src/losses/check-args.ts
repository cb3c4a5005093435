import { ShapeError, ValidationError } from '../errors';

/**
 * Checks the arguments of {@link Loss.compute}: `rows` and `cols` positive integers and every buffer at least
 * `rows * cols` long (buffers may be longer because sessions reuse them across batch sizes). O(1), no allocation.
 */
export function checkLossArgs(
  name: string,
  pred: Float32Array,
  target: Float32Array,
  grad: Float32Array | null,
  rows: number,
  cols: number,
): number {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
    throw new ValidationError(`${name}: rows and cols must be positive integers, got rows=${rows}, cols=${cols}`);
  }
  const n = rows * cols;
  if (pred.length < n || target.length < n || (grad !== null && grad.length < n)) {
    throw new ShapeError(
      `${name}: a [${rows}, ${cols}] batch needs ${n} values but got pred ${pred.length}, target ${target.length}` +
        `${grad === null ? '' : `, grad ${grad.length}`}; pass buffers of at least rows * cols elements`,
    );
  }
  return n;
}
