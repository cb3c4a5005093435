import { defineActivation } from '../activation/define';

/**
 * The identity `f(x) = x` (a linear output layer). Its backward passes `dy` through, except that NaN in x gives a NaN
 * gradient (Rectify's NaN rule; PyTorch would pass `dy`). ONNX `Identity`; initialisation gain 1.
 */
export const identity = defineActivation({
  name: 'identity',
  apiVersion: 1,
  version: '0.1.0',
  displayName: 'Identity',
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = x[i];
    },
    backward(x, _y, dy, dx, { length }) {
      // NaN in gives NaN out in the gradient too (the project-wide rule); the branch is almost never taken.
      for (let i = 0; i < length; i++) {
        const xi = x[i];
        dx[i] = xi === xi ? dy[i] : xi;
      }
    },
  },
  gpu: {
    forward: function identityForward(x: number) {
      return x;
    },
    backward: function identityBackward(x: number, _y: number, dy: number) {
      return x === x ? dy : x;
    },
  },
  atZero: { dx: () => 1 },
  initGain: () => 1,
  reference: (x) => x,
  export: { onnx: () => ({ opType: 'Identity', sinceVersion: 13 }) },
});
