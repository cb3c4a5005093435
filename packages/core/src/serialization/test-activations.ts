import { defineActivation } from '../activation/define';

/**
 * Test-only activations, defined here so core's tests need no plugin package: a ReLU with a `cap` whose default is
 * Infinity (JSON cannot hold it), and a PReLU-like activation with a learnable per-channel slope.
 */
export const testRelu = defineActivation({
  name: 'test-relu',
  apiVersion: 1,
  version: '1.2.3',
  params: { cap: { default: Number.POSITIVE_INFINITY, min: 0, exclusiveMin: true, allowInfinity: true } },
  cpu: {
    forward(x, y, { length, hyper }) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? Math.min(x[i], hyper.cap) : 0;
    },
    backward(x, _y, dy, dx, { length, hyper }) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 && x[i] < hyper.cap ? dy[i] : 0;
    },
  },
});

/** PReLU-like: `x > 0 ? x : a·x` with `a` learnable, one per channel (`channels` hyper-parameter) or shared. */
export const testPrelu = defineActivation({
  name: 'test-prelu',
  apiVersion: 1,
  version: '0.4.0',
  package: 'rectify-test-prelu',
  params: { channels: { default: 1, min: 1, integer: true } },
  learnable: { slope: { size: (h) => h.channels, init: () => 0.25 } },
  cpu: {
    forward(x, y, { length, channels, inner, params }) {
      const a = params.slope;
      for (let i = 0; i < length; i++) {
        const c = a.length === 1 ? 0 : ((i / inner) | 0) % channels;
        y[i] = x[i] > 0 ? x[i] : a[c] * x[i];
      }
    },
    backward(x, _y, dy, dx, { length, channels, inner, params, grads }) {
      const a = params.slope;
      const g = grads.slope;
      for (let i = 0; i < length; i++) {
        const c = a.length === 1 ? 0 : ((i / inner) | 0) % channels;
        dx[i] = x[i] > 0 ? dy[i] : a[c] * dy[i];
        if (x[i] <= 0) g[c] += x[i] * dy[i];
      }
    },
  },
});
