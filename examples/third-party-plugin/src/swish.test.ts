import { describeActivationConformance, type GpuOption } from '@rectify/testkit';
import { describe, expect, it } from 'vitest';
import { swish } from './index';
import { optionalGpuJs } from './optional-gpu';

// The fast kernels round β·x to float32 before the exponential: σ(βx) is then off by up to |βx| · 2^−24 relative
// (1e−5 at the float32 underflow of σ, |βx| ≈ 88), and where exp(−|βx|) is a float32 subnormal (|βx| in 87–104) it
// has an absolute error up to half its ulp, 2^−150, which x multiplies by up to 104: 1.5e−43.
const float32Z = { rtol: 1.2e-5, atol: 2e-43 };

/** Why the gpu check is skipped, in its test title: tests/install looks for these words. */
const GPU_SKIP_REASON = 'skipped because gpu.js is not installed (npm i -D gpu.js to run it)';
const GPU: GpuOption['GPU'] | undefined = await optionalGpuJs();

describeActivationConformance(swish, {
  hyperSets: [{ numParameters: 3 }],
  kinks: () => [], // Swish is smooth everywhere
  forwardTolerance: float32Z,
  scalarTolerance: float32Z,
  ...(GPU ? { gpu: { GPU, mode: 'cpu' } } : {}),
});

// gpu.js is a dev tool of this package, not a dependency of the plugin: a copy installed without it (the repo's
// tests/install run, which avoids building headless-gl) reports the gpu check as skipped, with the reason, instead
// of dropping it.
if (!GPU) it.skip(`swish gpu.js functions agree with the CPU kernels: ${GPU_SKIP_REASON}`, () => {});

describe('swish against closed forms', () => {
  it('is SiLU at beta = 1: x / (1 + e^-x), and x / 2 at beta = 0', () => {
    for (const x of [-4, -1, -0.25, 0.5, 2, 7]) {
      expect(swish.reference(x, swish.resolve(), { beta: 1 })).toBeCloseTo(x / (1 + Math.exp(-x)), 14);
      expect(swish.reference(x, swish.resolve(), { beta: 0 })).toBe(x / 2);
    }
  });

  it('approaches ReLU as beta grows, and its limits at ±Infinity follow the sign of beta', () => {
    expect(swish.reference(3, swish.resolve(), { beta: 50 })).toBeCloseTo(3, 12);
    expect(swish.reference(-3, swish.resolve(), { beta: 50 })).toBeCloseTo(0, 12);
    expect(swish.reference(Number.NEGATIVE_INFINITY, swish.resolve(), { beta: 1 })).toBe(0);
    expect(swish.reference(Number.POSITIVE_INFINITY, swish.resolve(), { beta: -1 })).toBe(0);
    expect(swish.reference(Number.NEGATIVE_INFINITY, swish.resolve(), { beta: -1 })).toBe(Number.NEGATIVE_INFINITY);
  });

  it('declares a per-channel beta when numParameters > 1', () => {
    const hyper = swish.resolve({ numParameters: 5 });
    expect(swish.learnable.beta.size(hyper)).toBe(5);
    expect(swish.learnable.beta.init(hyper)).toBe(1);
    expect(() => swish.resolve({ numParameters: 1.5 })).toThrow(/integer/);
  });
});
