import { defineActivation } from '../activation/define';
import { activationPrecision } from '../backend/cpu/wasm/activation-precision';
import { sigmoidGradInto, sigmoidInto } from '../backend/cpu/wasm/vmath';
import { sigmoidF32Into } from '../backend/cpu/wasm/vmath32';

/**
 * The logistic sigmoid `σ(x) = 1 / (1 + e^−x)`. Stable for any input: σ(−1000) = 0 and σ(1000) = 1 without
 * overflow to NaN; NaN in gives NaN out. The derivative is computed from the output: `σ'(x) = y (1 − y)`.
 * ONNX `Sigmoid`; initialisation gain 1 (PyTorch's `calculate_gain('sigmoid')`).
 */
export const sigmoid = defineActivation({
  name: 'sigmoid',
  apiVersion: 1,
  version: '0.1.0',
  displayName: 'Sigmoid',
  cpu: {
    forward(x, y, { length }) {
      // float32 SIMD (≤ 3 ulp) by default, float64 SIMD with setActivationPrecision('float64'), else Math.exp.
      if (activationPrecision() === 'float32') sigmoidF32Into(x, y, length);
      else sigmoidInto(x, y, length);
    },
    backward(_x, y, dy, dx, { length }) {
      sigmoidGradInto(y, dy, dx, length); // y·(1 − y)·dy in float64
    },
  },
  gpu: {
    // Float32 shaders: exponentiate −|x| only (e ≤ 1), so nothing overflows whatever the driver does with ∞.
    forward: function sigmoidForward(x: number) {
      const e = Math.exp(-Math.abs(x));
      const r = 1 / (1 + e);
      return x >= 0 ? r : e * r;
    },
    backward: function sigmoidBackward(_x: number, y: number, dy: number) {
      return y * (1 - y) * dy;
    },
  },
  atZero: { dx: () => 0.25 },
  initGain: () => 1,
  reference: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  export: { onnx: () => ({ opType: 'Sigmoid', sinceVersion: 13 }) },
  onnx: { import: { opTypes: ['Sigmoid'], match: () => ({ hyper: {} }) } },
});
