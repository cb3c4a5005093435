import { defineActivation } from '../activation/define';

/** A ReLU written for the diagnostics tests: max(x, 0). */
export const testRelu = defineActivation({
  name: 'diag-relu',
  apiVersion: 1,
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = (x[i] + Math.abs(x[i])) * 0.5;
    },
    backward(x, _y, dy, dx, { length }) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
    },
  },
});

/** A Leaky ReLU written for the diagnostics tests: x for x > 0, 0.01·x otherwise. */
export const testLeakyRelu = defineActivation({
  name: 'diag-leaky-relu',
  apiVersion: 1,
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = x[i] > 0 ? x[i] : 0.01 * x[i];
    },
    backward(x, _y, dy, dx, { length }) {
      for (let i = 0; i < length; i++) dx[i] = x[i] > 0 ? dy[i] : 0.01 * dy[i];
    },
  },
});
