import { Tensor } from '../tensor';

/** How many batch sizes a {@link RowViews} keeps views for (training batch, last batch, validation, predict). */
const MAX_VIEWS = 8;

/**
 * A growable float32 buffer handed out as `[rows, ...sampleShape]` tensors that share its memory. The view for a
 * given row count is created once and then returned again, so after the first call with a given batch size there
 * is no allocation; a smaller last batch gets its own view over the same memory instead of a new buffer.
 */
export class RowViews {
  private data: Float32Array = new Float32Array(0);
  private readonly views = new Map<number, Tensor>();
  private readonly sampleSize: number;

  /**
   * Allocates nothing until the first `get`.
   * @param sampleShape - Shape of one row (sample), e.g. `[units]`.
   * @param allocate - Makes the backing array when a larger batch comes (plain, or on the kernel heap).
   */
  constructor(
    readonly sampleShape: readonly number[],
    private readonly allocate: (length: number) => Float32Array,
  ) {
    this.sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  }

  /** A tensor of shape `[rows, ...sampleShape]` over the shared buffer. Its contents are whatever was last written. */
  get(rows: number): Tensor {
    const cached = this.views.get(rows);
    if (cached) return cached;
    const size = rows * this.sampleSize;
    if (size > this.data.length) {
      this.data = this.allocate(size);
      this.views.clear();
    } else if (this.views.size >= MAX_VIEWS) {
      this.views.clear();
    }
    const view = new Tensor(this.data.subarray(0, size), [rows, ...this.sampleShape]);
    this.views.set(rows, view);
    return view;
  }
}
