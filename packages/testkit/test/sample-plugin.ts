import { type ActivationDefinition, type CpuActivationKernels, defineActivation, type KernelContext } from '@rectify/core';

/** Slope of element `i`: shared, or the element's channel when per channel. */
export function slopeAt(ctx: KernelContext, i: number): number {
  const s = ctx.params.slope;
  return s.length === 1 ? s[0] : s[((i / ctx.inner) | 0) % ctx.channels];
}

/** Correct PReLU kernels (PyTorch conventions), the base every broken variant modifies one thing of. */
export const goodKernels: CpuActivationKernels = {
  forward(x, y, ctx) {
    for (let i = 0; i < ctx.length; i++) {
      const v = x[i];
      y[i] = v > 0 ? v : slopeAt(ctx, i) * v;
    }
  },
  backward(x, _y, dy, dx, ctx) {
    const g = ctx.grads.slope;
    for (let i = 0; i < ctx.length; i++) {
      const v = x[i];
      dx[i] = v > 0 ? dy[i] : v <= 0 ? slopeAt(ctx, i) * dy[i] : v; // NaN stays NaN
      if (!(v > 0)) g[g.length === 1 ? 0 : ((i / ctx.inner) | 0) % ctx.channels] += v * dy[i];
    }
  },
};

/** A correct PReLU-like plugin (`numParameters` 1 = shared slope, n = one per channel). */
export const baseDefinition: ActivationDefinition = {
  name: 'sample-prelu',
  apiVersion: 1,
  params: { numParameters: { default: 1, min: 1, integer: true } },
  learnable: { slope: { size: (h) => h.numParameters, init: () => 0.25 } },
  cpu: goodKernels,
  gpu: {
    forward: function samplePreluForward(x: number, _n: number, a: number) {
      return x > 0 ? x : a * x;
    },
    backward: function samplePreluBackward(x: number, _y: number, dy: number, _n: number, a: number) {
      return x > 0 ? dy : x <= 0 ? a * dy : x;
    },
    paramGrads: {
      slope: function samplePreluSlope(x: number, _y: number, dy: number, _n: number, _a: number) {
        return x > 0 ? 0 : x * dy;
      },
    },
  },
  atZero: { dx: (_h, l) => l.slope, dParams: { slope: () => 0 } },
  reference: (x, _h, l) => (x > 0 ? x : l.slope * x),
};

/** The sample plugin with some parts replaced. */
export function sample(overrides: Partial<ActivationDefinition> = {}) {
  return defineActivation({ ...baseDefinition, ...overrides });
}

/** The sample plugin with its CPU kernels partly replaced. */
export function sampleWithCpu(cpu: Partial<CpuActivationKernels>) {
  return sample({ cpu: { ...goodKernels, ...cpu } });
}

/** Per-channel as well as shared slopes. */
export const sampleOptions = { hyperSets: [{ numParameters: 3 }] };
