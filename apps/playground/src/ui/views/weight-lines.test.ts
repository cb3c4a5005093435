import { Rng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { ALL_LINES_UP_TO, STRONGEST_PER_UNIT, pickLines } from './weight-lines';

function randomLink(from: number, to: number, seed: number) {
  const rng = new Rng(seed);
  const w = new Float32Array(from * to);
  for (let k = 0; k < w.length; k++) w[k] = rng.range(-1, 1);
  return { from, to, w };
}

describe('weight line picking', () => {
  it('draws every line while the lower layer is narrow', () => {
    const link = randomLink(ALL_LINES_UP_TO, 7, 1);
    const lines = pickLines(link);
    expect(lines).toHaveLength(ALL_LINES_UP_TO * 7);
    for (const l of lines) expect(l.w).toBe(link.w[l.i * 7 + l.j]);
  });

  it('keeps the strongest incoming lines per unit of a wide layer (checked against a full sort)', () => {
    const from = 40;
    const to = 9;
    const link = randomLink(from, to, 2);
    const lines = pickLines(link);
    expect(lines).toHaveLength(to * STRONGEST_PER_UNIT);
    for (let j = 0; j < to; j++) {
      const expected = Array.from({ length: from }, (_, i) => i)
        .sort((a, b) => Math.abs(link.w[b * to + j]) - Math.abs(link.w[a * to + j]))
        .slice(0, STRONGEST_PER_UNIT);
      expect(lines.filter((l) => l.j === j).map((l) => l.i)).toEqual(expected);
    }
  });
});
