import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { float32ToText } from './float32-text';

/** Float32 values from random bit patterns: every exponent, subnormals included; NaN and ±Infinity skipped. */
function randomFloat32s(count: number): Float32Array {
  const rng = new Rng(5);
  const bits = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let b = rng.nextUint32();
    while (((b >>> 23) & 0xff) === 0xff) b = rng.nextUint32();
    bits[i] = b;
  }
  return new Float32Array(bits.buffer);
}

describe('float32ToText', () => {
  it('reads back bit-exactly through JSON.parse and a Float32Array', () => {
    const values = randomFloat32s(20000);
    const edge = [3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38, 1e-45, -1e-45, 0.1, 1 / 3, 16777217];
    const all = new Float32Array([...values, ...edge]);
    const text = `[${Array.from(all, float32ToText).join(',')}]`;
    const back = Float32Array.from(JSON.parse(text) as number[]);
    expect(Array.from(new Uint32Array(back.buffer))).toEqual(Array.from(new Uint32Array(all.buffer)));
  });

  it('keeps the sign of zero', () => {
    expect(float32ToText(-0)).toBe('-0');
    expect(Object.is(JSON.parse(float32ToText(-0)), -0)).toBe(true);
    expect(float32ToText(0)).toBe('0');
  });

  it('writes values with a short decimal form briefly, never more than 9 significant digits', () => {
    expect(float32ToText(Math.fround(0.1))).toBe('0.1');
    expect(float32ToText(Math.fround(-2.5))).toBe('-2.5');
    expect(float32ToText(Math.fround(1e-7))).toBe('1e-7');
    for (const v of randomFloat32s(2000)) {
      const digits = float32ToText(v)
        .replace(/^-/, '')
        .replace(/e.*$/, '')
        .replace('.', '')
        .replace(/^0+/, '')
        .replace(/0+$/, '');
      expect(digits.length).toBeLessThanOrEqual(9);
    }
  });
});
