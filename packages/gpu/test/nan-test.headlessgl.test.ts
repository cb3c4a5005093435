import { beforeAll, describe, expect, it } from 'vitest';
import { GPU } from '../src/gpujs';
import { isNaNTest } from '../src/kernels/nan-test';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

const VALUES = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1, 1e-40, 3.4e38, -1e30];

describe('isNaNTest', () => {
  for (const mode of ['headlessgl', 'cpu']) {
    it(`is true exactly for NaN on ${mode} (±∞, ±0, subnormals and huge values are not NaN)`, () => {
      const gpu = new GPU({ mode });
      try {
        const k = gpu.createKernel(`function (a) { const v = a[this.thread.x]; return ${isNaNTest('v')} ? 1 : 0; }`, {
          output: [VALUES.length],
          precision: 'single',
        });
        const got = Array.from(k(Float32Array.from(VALUES)) as Float32Array);
        expect(got).toEqual(VALUES.map((v) => (Number.isNaN(v) ? 1 : 0)));
      } finally {
        gpu.destroy();
      }
    });
  }
});
