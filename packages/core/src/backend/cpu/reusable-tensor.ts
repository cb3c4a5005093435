import { RowViews } from '../../utils/row-views';
import { allocKernelFloats } from './wasm/kernel-arena';

/**
 * Row views over one growable buffer (`get(rows)` reuses the view per batch size) on the kernel heap
 * (`allocKernelFloats`): WebAssembly memory that the CPU backend's activation kernels read and write in place. Its views must not leave the model as they are (a structured clone copies the
 * whole 16 MiB chunk, and the buffer cannot be transferred): callers hand out copies.
 */
export class ReusableTensor extends RowViews {
  /**
   * Allocates nothing until the first `get`.
   * @param sampleShape - Shape of one row (sample), e.g. `[units]`.
   */
  constructor(sampleShape: readonly number[]) {
    super(sampleShape, allocKernelFloats);
  }
}
