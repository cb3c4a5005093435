import type { Rng } from '../random';

/** A row of inputs and one-hot / value targets, copied out of its batch. */
export interface Row {
  /** Input values. */
  readonly x: Float32Array;
  /** Target values. */
  readonly y: Float32Array;
}

/**
 * `tf.data`-style shuffle buffer over rows: holds up to `size` rows; once full, every incoming row pushes out a row
 * drawn uniformly from the buffer; at the end the rest come out in random order. Memory is bounded by `size` rows.
 */
export async function* shuffleRows(rows: AsyncIterable<Row>, size: number, rng: Rng): AsyncGenerator<Row> {
  const buffer: Row[] = [];
  for await (const row of rows) {
    if (buffer.length < size) {
      buffer.push(row);
      continue;
    }
    const i = rng.int(size);
    const out = buffer[i];
    buffer[i] = row;
    yield out;
  }
  while (buffer.length > 0) {
    const i = rng.int(buffer.length);
    const out = buffer[i];
    buffer[i] = buffer[buffer.length - 1];
    buffer.pop();
    yield out;
  }
}
