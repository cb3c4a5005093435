/** How many source arrays a {@link RowBlockViews} keeps views of (a few batch sizes × forward and backward). */
const MAX_SOURCES = 16;

/**
 * Subarray views of row blocks of `[rows, rowSize]` float32 arrays, created once per source array and then handed
 * out again, so that running a kernel block by block allocates nothing in steady state. Sources are recognised by
 * identity: the reusable layer buffers are the same typed-array objects every step.
 */
export class RowBlockViews {
  private readonly cache = new Map<Float32Array, { readonly rows: number; readonly views: Float32Array[] }>();

  /**
   * @param rowSize - Elements per row.
   * @param blockRows - Rows per block; the last block also takes the remainder (up to `2·blockRows − 1` rows), so
   * that no block is a short tail: kernels that switch implementation by length then see the same lengths class.
   */
  constructor(
    readonly rowSize: number,
    readonly blockRows: number,
  ) {}

  /**
   * The views of `source`'s first `rows` rows: `max(1, ⌊rows / blockRows⌋)` blocks of `blockRows` rows, the last
   * one also holding the remaining rows. Block `b` starts at row `b · blockRows`.
   */
  of(source: Float32Array, rows: number): readonly Float32Array[] {
    const cached = this.cache.get(source);
    if (cached && cached.rows === rows) return cached.views;
    if (this.cache.size >= MAX_SOURCES) this.cache.clear();
    const views: Float32Array[] = [];
    const count = Math.max(1, Math.floor(rows / this.blockRows));
    const step = this.blockRows * this.rowSize;
    for (let b = 0; b < count; b++) views.push(source.subarray(b * step, b === count - 1 ? rows * this.rowSize : (b + 1) * step));
    this.cache.set(source, { rows, views });
    return views;
  }
}
