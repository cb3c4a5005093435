import { describe, expect, it } from 'vitest';
import { incomingWeights } from './unit-weights';

describe("a unit's incoming weights, in words", () => {
  // 3 nodes below, 2 units above: w[i * 2 + j] is the weight from node i to unit j.
  const link = { from: 3, to: 2, w: new Float32Array([0.5, -1.25, 2, 0.001234, -0.3, 7]) };

  it('reads the column of the unit, one weight per node below, with its name', () => {
    expect(incomingWeights(link, 0, ['x₁', 'x₂', 'x₁²'])).toBe('weights in: x₁ 0.500, x₂ 2.00, x₁² −0.300');
    expect(incomingWeights(link, 1, ['x₁', 'x₂', 'x₁²'])).toBe('weights in: x₁ −1.25, x₂ 0.00123, x₁² 7.00');
  });

  it('names hidden units by number, and says nothing for a unit that is not drawn', () => {
    expect(incomingWeights(link, 1, [])).toBe('weights in: unit 1 −1.25, unit 2 0.00123, unit 3 7.00');
    expect(incomingWeights(link, 2, [])).toBeNull();
  });

  it("gives a pixel block's norm instead of 784 weights", () => {
    const block = { from: 1, to: 2, w: new Float32Array([3.5, 0.25]), magnitude: true };
    expect(incomingWeights(block, 1, ['784 pixels'])).toBe('‖w‖ of its 784 pixels: 0.250');
  });
});
