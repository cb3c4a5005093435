import { defineActivation } from '../activation/define';
import { activationPrecision } from '../backend/cpu/wasm/activation-precision';
import { tanhGradInto, tanhInto } from '../backend/cpu/wasm/vmath';
import { tanhF32Into } from '../backend/cpu/wasm/vmath32';

/**
 * The hyperbolic tangent. tanh(±∞) = ±1; NaN in gives NaN out. The derivative is computed from the output:
 * `tanh'(x) = 1 − y²`. ONNX `Tanh`; initialisation gain 5/3 (PyTorch's `calculate_gain('tanh')`).
 */
export const tanh = defineActivation({
  name: 'tanh',
  apiVersion: 1,
  version: '0.1.0',
  displayName: 'Tanh',
  cpu: {
    forward(x, y, { length }) {
      // float32 SIMD (≤ 3 ulp) by default, float64 SIMD with setActivationPrecision('float64'), else Math.tanh.
      if (activationPrecision() === 'float32') tanhF32Into(x, y, length);
      else tanhInto(x, y, length);
    },
    backward(_x, y, dy, dx, { length }) {
      tanhGradInto(y, dy, dx, length); // (1 − y²)·dy in float64
    },
  },
  gpu: {
    // gpu.js's WebGL1 polyfill of Math.tanh is (e^2x − 1)/(e^2x + 1), which is ∞/∞ = NaN for x > ~44; this form
    // exponentiates −2|x| only (e ≤ 1) and restores the sign.
    forward: function tanhForward(x: number) {
      const e = Math.exp(-2 * Math.abs(x));
      const r = (1 - e) / (1 + e);
      return x >= 0 ? r : -r;
    },
    backward: function tanhBackward(_x: number, y: number, dy: number) {
      return (1 - y * y) * dy;
    },
  },
  atZero: { dx: () => 1 },
  initGain: () => 5 / 3,
  reference: (x) => Math.tanh(x),
  export: { onnx: () => ({ opType: 'Tanh', sinceVersion: 13 }) },
  onnx: { import: { opTypes: ['Tanh'], match: () => ({ hyper: {} }) } },
});
