import { defineActivation } from '../../src/activation/define';

/**
 * A test plugin with a learnable per-channel (or shared) scale: y = a · tanh(x). Smooth everywhere, so central
 * differences are accurate; `numParameters` picks shared (1) or per-channel.
 */
export const scaledTanh = defineActivation({
  name: 'scaled-tanh',
  apiVersion: 1,
  params: { numParameters: { default: 1, min: 1, integer: true } },
  learnable: { scale: { size: (h) => h.numParameters, init: () => 0.75 } },
  cpu: {
    forward(x, y, { length, channels, inner, params }) {
      const a = params.scale;
      for (let i = 0; i < length; i++) y[i] = (a.length === 1 ? a[0] : a[((i / inner) | 0) % channels]) * Math.tanh(x[i]);
    },
    backward(x, _y, dy, dx, { length, channels, inner, params, grads }) {
      const a = params.scale;
      const g = grads.scale;
      for (let i = 0; i < length; i++) {
        const c = a.length === 1 ? 0 : ((i / inner) | 0) % channels;
        const t = Math.tanh(x[i]);
        dx[i] = a[c] * (1 - t * t) * dy[i];
        g[c] += t * dy[i];
      }
    },
  },
  reference: (x, _h, l) => l.scale * Math.tanh(x),
});
