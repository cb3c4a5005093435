import { defineActivation } from '../activation/define';

/** The identity `f(x) = x` (a linear output layer). ONNX `Identity`; initialisation gain 1. */
export const identity = defineActivation({
  name: 'identity',
  apiVersion: 1,
  version: '0.1.0',
  displayName: 'Identity',
  cpu: {
    forward(x, y, { length }) {
      for (let i = 0; i < length; i++) y[i] = x[i];
    },
    backward(_x, _y, dy, dx, { length }) {
      for (let i = 0; i < length; i++) dx[i] = dy[i];
    },
  },
  gpu: {
    forward: function identityForward(x: number) {
      return x;
    },
    backward: function identityBackward(_x: number, _y: number, dy: number) {
      return dy;
    },
  },
  atZero: { dx: () => 1 },
  initGain: () => 1,
  reference: (x) => x,
  export: { onnx: () => ({ opType: 'Identity', sinceVersion: 13 }) },
});
