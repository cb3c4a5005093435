import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { assertFinite } from './tensor';

describe('assertFinite', () => {
  it('accepts every finite float32, including -0, subnormals and the largest values', () => {
    const edge = [0, -0, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38, 1, -1];
    for (let n = 0; n <= edge.length; n++) expect(() => assertFinite('t', Float32Array.from(edge.slice(0, n)))).not.toThrow();
  });

  it('names the first NaN or ±Infinity wherever it sits (even and odd positions, the last element)', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const length of [1, 2, 7, 8]) {
        for (let at = 0; at < length; at++) {
          const data = new Float32Array(length).fill(0.5);
          data[at] = bad;
          if (at + 1 < length) data[length - 1] = bad;
          const call = () => assertFinite('fit: x', data);
          expect(call).toThrow(ValidationError);
          expect(call).toThrow(
            `fit: x: element ${at} is ${bad}; inputs must be finite numbers (clean or normalise the data first)`,
          );
        }
      }
    }
  });
});
