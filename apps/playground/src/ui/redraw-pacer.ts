/** A frame that takes longer than this (one 60 Hz refresh) is slow. */
export const FRAME_BUDGET_MS = 16;
/** Heavy views are redrawn at least once every this many frames, however slow (about once a second while playing). */
export const MAX_SKIPPED_FRAMES = 7;

/**
 * Decides which training frames redraw the heavy views (the output heatmap, the neuron thumbnails and weight lines,
 * the per-layer plots). While frames stay within {@link FRAME_BUDGET_MS} every frame redraws them; after a slow
 * one, the next `⌊cost / budget⌋` frames (at most {@link MAX_SKIPPED_FRAMES}) skip them, so the time spent on them
 * stays near one budget per frame. Software GL can take hundreds of milliseconds to draw many canvases: the page
 * then keeps answering and the model keeps training, while the heavy views refresh less often.
 */
export class RedrawPacer {
  private skipLeft = 0;
  /** Frames skipped after the last slow frame, for the note on the page; 0 while frames are fast. */
  skipping = 0;
  /** Cost of the last heavy frame measured, in milliseconds. */
  lastCostMs = 0;

  /**
   * Whether this frame redraws the heavy views. `mustDraw` (the last frame before a pause, the first of a new
   * model) always does, since no further frame would correct a stale view.
   */
  shouldDraw(mustDraw = false): boolean {
    if (mustDraw || this.skipLeft === 0) return true;
    this.skipLeft--;
    return false;
  }

  /** Records what a frame that redrew the heavy views cost (draw start to the next animation frame). */
  measured(costMs: number): void {
    this.lastCostMs = costMs;
    const skip = costMs > FRAME_BUDGET_MS ? Math.min(MAX_SKIPPED_FRAMES, Math.floor(costMs / FRAME_BUDGET_MS)) : 0;
    this.skipLeft = skip;
    this.skipping = skip;
  }
}
