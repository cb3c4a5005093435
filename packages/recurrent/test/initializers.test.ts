import { createRng } from '@rectify/core';
import { describe, expect, it } from 'vitest';
import { identityInit, orthogonalInit, recurrentInitializerFromConfig } from '../src';

/** Largest |(AᵀA or AAᵀ) − I| over the shorter side, in float64. */
function orthogonalityError(a: Float32Array, rows: number, cols: number, gain: number): number {
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  let worst = 0;
  for (let p = 0; p < k; p++) {
    for (let q = 0; q < k; q++) {
      let dot = 0;
      const n = tall ? rows : cols;
      for (let i = 0; i < n; i++) {
        dot += tall ? a[i * cols + p] * a[i * cols + q] : a[p * cols + i] * a[q * cols + i];
      }
      worst = Math.max(worst, Math.abs(dot / (gain * gain) - (p === q ? 1 : 0)));
    }
  }
  return worst;
}

describe('recurrent initialisers', () => {
  it('orthogonal: columns (or rows, when wide) orthonormal times gain, seeded', () => {
    for (const [rows, cols, gain] of [
      [16, 16, 1],
      [12, 5, 2],
      [3, 9, 0.5],
    ]) {
      const a = new Float32Array(rows * cols);
      orthogonalInit(gain).fill(a, rows, cols, createRng(4));
      expect(orthogonalityError(a, rows, cols, gain)).toBeLessThan(1e-6);
      const b = new Float32Array(rows * cols);
      orthogonalInit(gain).fill(b, rows, cols, createRng(4));
      expect(b).toEqual(a);
    }
  });

  it('identity: gain on the diagonal, square matrices only', () => {
    const a = new Float32Array(4);
    identityInit(0.01).fill(a, 2, 2, createRng(0));
    expect(Array.from(a)).toEqual([Math.fround(0.01), 0, 0, Math.fround(0.01)]);
    expect(() => identityInit().fill(new Float32Array(6), 2, 3, createRng(0))).toThrow(/square/);
    expect(() => identityInit(Number.NaN)).toThrow(/gain must be a finite number/);
  });

  it('round-trips through JSON, deferring other types to core', () => {
    expect(recurrentInitializerFromConfig(orthogonalInit(3).config()).config()).toEqual({ type: 'orthogonal', gain: 3 });
    expect(recurrentInitializerFromConfig({ type: 'identity' }).config()).toEqual({ type: 'identity', gain: 1 });
    expect(recurrentInitializerFromConfig({ type: 'zeros' }).type).toBe('zeros');
    expect(() => recurrentInitializerFromConfig({ type: 'identity', scale: 2 })).toThrow(/unknown option "scale"/);
  });
});
