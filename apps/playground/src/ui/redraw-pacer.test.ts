import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, MAX_SKIPPED_FRAMES, RedrawPacer } from './redraw-pacer';

/** Which of `n` frames redraw the heavy views when every redraw costs `costMs`. */
function drawn(pacer: RedrawPacer, n: number, costMs: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const draw = pacer.shouldDraw();
    if (draw) pacer.measured(costMs);
    out.push(draw);
  }
  return out;
}

describe('the redraw pacer', () => {
  it('redraws every frame while frames fit in one 60 Hz refresh', () => {
    const pacer = new RedrawPacer();
    expect(drawn(pacer, 20, FRAME_BUDGET_MS)).toEqual(Array(20).fill(true));
    expect(pacer.skipping).toBe(0);
  });

  it('after a slow frame skips ⌊cost / 16 ms⌋ frames, so heavy drawing stays near 16 ms a frame', () => {
    const pacer = new RedrawPacer();
    // 40 ms: two frames skipped, one drawn in three: 40 / 3 ≈ 13 ms a frame.
    expect(drawn(pacer, 9, 40)).toEqual([true, false, false, true, false, false, true, false, false]);
    expect(pacer.skipping).toBe(2);
    expect(pacer.lastCostMs).toBe(40);
    // 17 ms: every other frame.
    expect(drawn(new RedrawPacer(), 6, 17)).toEqual([true, false, true, false, true, false]);
  });

  it('still redraws once every 8 frames however slow (950 ms stalls on software GL)', () => {
    const pacer = new RedrawPacer();
    const frames = drawn(pacer, 24, 950);
    expect(frames.filter(Boolean)).toHaveLength(24 / (MAX_SKIPPED_FRAMES + 1));
    expect(frames.indexOf(true, 1)).toBe(MAX_SKIPPED_FRAMES + 1);
    expect(pacer.skipping).toBe(MAX_SKIPPED_FRAMES);
  });

  it('always draws a frame that must be drawn (before a pause, a new model) and goes back to every frame when fast', () => {
    const pacer = new RedrawPacer();
    pacer.measured(100);
    expect(pacer.shouldDraw(true)).toBe(true);
    expect(pacer.shouldDraw()).toBe(false);
    pacer.measured(5);
    expect(pacer.skipping).toBe(0);
    expect(pacer.shouldDraw()).toBe(true);
  });
});
