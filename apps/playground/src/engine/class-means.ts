/**
 * Mean of each unit's activation per class: `post` is `[rows, units]` row-major, `labels[r]` the class of row r.
 * Returns `drawn × classes` row-major (`out[u * classes + c]`) for the first `drawn` units; a class with no rows
 * gets NaN (nothing to average).
 */
export function classMeans(
  post: Float32Array,
  rows: number,
  units: number,
  labels: ArrayLike<number>,
  classes: number,
  drawn = units,
): Float32Array {
  const sums = new Float64Array(drawn * classes);
  const counts = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const c = labels[r];
    counts[c]++;
    const row = r * units;
    for (let u = 0; u < drawn; u++) sums[u * classes + c] += post[row + u];
  }
  const out = new Float32Array(drawn * classes);
  for (let u = 0; u < drawn; u++) {
    for (let c = 0; c < classes; c++) out[u * classes + c] = counts[c] > 0 ? sums[u * classes + c] / counts[c] : Number.NaN;
  }
  return out;
}

/** The class of each one-hot row of `y` (`[rows, classes]`): the index of its largest entry. */
export function classOfRows(y: Float32Array, rows: number, classes: number): Uint8Array {
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (y[r * classes + c] > y[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}
