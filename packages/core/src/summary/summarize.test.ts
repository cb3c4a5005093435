import { describe, expect, it } from 'vitest';
import { tanh } from '../activations';
import { activation, dense, residual } from '../builtin-layers';
import { sequential } from '../model';

describe('model.summary()', () => {
  it('counts parameters per layer in closed form, nests residual bodies and totals them', () => {
    const model = sequential({
      inputShape: [3],
      layers: [dense(16), activation(tanh), residual([dense(8), activation(tanh)]), dense(1234)],
    });
    const s = model.summary({ print: false });
    const rows = s.rows.map((r) => [r.path, r.layer, r.outputShape, r.trainable]);
    expect(rows).toEqual([
      ['layers.0', 'dense(16)', [16], 3 * 16 + 16],
      ['layers.1', 'activation(tanh)', [16], 0],
      ['layers.2', 'residual', [8], 16 * 8], // the bias-free projection 16 → 8
      ['layers.2.body.0', 'dense(8)', [8], 16 * 8 + 8],
      ['layers.2.body.1', 'activation(tanh)', [8], 0],
      ['layers.3', 'dense(1234)', [1234], 8 * 1234 + 1234],
    ]);
    const total = 64 + 128 + 136 + 11106;
    expect(s.trainable).toBe(total);
    expect(s.nonTrainable).toBe(0);
    expect(s.total).toBe(total);
    expect(s.total).toBe(model.paramRefs().reduce((n, r) => n + r.param.value.length, 0));
    expect(s.text).toContain('total params: 11,434');
    expect(s.text).toContain('  layers.2.body.0');
    expect(s.text).toMatch(/layers\.3\s+dense\(1234\)\s+\[batch, 1234\]\s+11,106/);
  });

  it('prints the table in Node unless print is false', () => {
    const model = sequential({ inputShape: [2], layers: [dense(1)] });
    const lines: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(...args);
    try {
      const s = model.summary();
      model.summary({ print: false });
      expect(lines).toEqual([s.text]);
    } finally {
      console.log = original;
    }
  });
});
