import { ValidationError } from '../errors';
import type { Loss } from '../losses/contract';
import { checkData } from '../model/check-data';
import { resolveTargets } from '../targets/class-indices';
import { Tensor } from '../tensor';
import type { Batch, BatchSource } from './contract';
import type { Row } from './shuffle-buffer';

/** What checking a stream's batches needs to know about the model. */
export interface StreamShapes {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly lossName: string;
  /** The compiled loss, when known: its `checkTargets` validates each batch's targets. */
  readonly loss?: Loss;
}

/** A fresh iterable of the source for one pass. */
export function open(where: string, source: BatchSource): AsyncIterable<Batch> | Iterable<Batch> {
  const it = typeof source === 'function' ? source() : source;
  const ok =
    typeof it === 'object' &&
    it !== null &&
    (typeof (it as AsyncIterable<Batch>)[Symbol.asyncIterator] === 'function' ||
      typeof (it as Iterable<Batch>)[Symbol.iterator] === 'function');
  if (!ok)
    throw new ValidationError(`${where}: the data must be an (async) iterable of { x, y } batches, or a function returning one`);
  return it;
}

/** Each batch checked (shapes, finite values, class indices resolved to one-hot) as a pair of tensors. */
export async function* checkedBatches(
  where: string,
  source: BatchSource,
  shapes: StreamShapes,
): AsyncGenerator<[Tensor, Tensor]> {
  let index = 0;
  for await (const batch of open(where, source)) {
    const at = `${where}: batch ${index++}`;
    if (typeof batch !== 'object' || batch === null || !(batch.x instanceof Tensor)) {
      throw new ValidationError(`${at} must be an object { x: Tensor, y: Tensor | class indices }`);
    }
    const y = resolveTargets(at, batch.y, shapes.outputShape, shapes.lossName);
    checkData(at, batch.x, y, shapes.inputShape, shapes.outputShape, shapes.loss);
    yield [batch.x, y];
  }
}

/** The rows of checked batches, each copied out (the source may reuse its buffers). */
export async function* rowsOf(batches: AsyncIterable<[Tensor, Tensor]>): AsyncGenerator<Row> {
  for await (const [x, y] of batches) {
    const n = x.shape[0];
    const inCols = x.data.length / n;
    const outCols = y.data.length / n;
    for (let r = 0; r < n; r++) {
      yield { x: x.data.slice(r * inCols, (r + 1) * inCols), y: y.data.slice(r * outCols, (r + 1) * outCols) };
    }
  }
}

/** Rows regrouped into batches of `size` (the last one may be smaller), in fresh tensors. */
export async function* batchRows(rows: AsyncIterable<Row>, size: number, shapes: StreamShapes): AsyncGenerator<[Tensor, Tensor]> {
  let xs: Row['x'][] = [];
  let ys: Row['y'][] = [];
  const flush = (): [Tensor, Tensor] => {
    const n = xs.length;
    const x = new Float32Array(n * xs[0].length);
    const y = new Float32Array(n * ys[0].length);
    for (let i = 0; i < n; i++) {
      x.set(xs[i], i * xs[0].length);
      y.set(ys[i], i * ys[0].length);
    }
    xs = [];
    ys = [];
    return [new Tensor(x, [n, ...shapes.inputShape]), new Tensor(y, [n, ...shapes.outputShape])];
  };
  for await (const row of rows) {
    xs.push(row.x);
    ys.push(row.y);
    if (xs.length === size) yield flush();
  }
  if (xs.length > 0) yield flush();
}
