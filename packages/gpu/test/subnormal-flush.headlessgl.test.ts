import { relu } from '@rectify/relu';
import { checkGpuAgreement, flushesSubnormals, type GpuJsInstance } from '@rectify/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { GPU } from '../src/gpujs';
import { requireHeadlessGl } from './require-headless-gl';

beforeAll(requireHeadlessGl);

describe("Mesa's GL subnormal flushing is a named property of the headless-gl mode in the testkit", () => {
  it('the probe finds headless-gl flushing float32 subnormals (2^-70 · 2^-70 gives 0)', () => {
    const gpu = new GPU({ mode: 'headlessgl' });
    try {
      expect(flushesSubnormals(gpu as unknown as GpuJsInstance)).toBe(true);
    } finally {
      gpu.destroy();
    }
  });

  it('ReLU agrees with the CPU on headless-gl, its subnormal inputs held to the flushed CPU results, and the report names the exemption', () => {
    const result = checkGpuAgreement(relu, { gpu: { GPU: GPU as never, mode: 'headlessgl' } });
    expect(result.failures).toEqual([]);
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^known property of gpu\.js mode headlessgl: it flushes float32 subnormals to zero .* its \d+ subnormal inputs were compared with the CPU kernels at ±0$/,
      ),
    ]);
  });
});
