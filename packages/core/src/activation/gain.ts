import { ValidationError } from '../errors';
import type { ActivationPlugin, ConfiguredActivation } from './contract';
import { toConfigured } from './define';

/**
 * The initialisation gain of an activation, as PyTorch's `calculate_gain`: the plugin's `initGain` for its
 * hyper-parameters (√2 for ReLU, √(2 / (1 + a²)) for Leaky ReLU with slope a, 5/3 for tanh, 1 for sigmoid and
 * identity). Pass it to an initialiser that scales by a gain.
 * @example dense(64, { kernelInitializer: glorotUniform({ gain: calculateGain(tanh) }) })
 * @example dense(64, { kernelInitializer: heNormal({ gain: calculateGain(leakyRelu({ negativeSlope: 0.2 })) }) })
 * @throws ValidationError when the plugin declares no `initGain`.
 */
export function calculateGain(activation: ActivationPlugin | ConfiguredActivation): number {
  const { plugin, hyper } = toConfigured(activation);
  if (typeof plugin.initGain !== 'function') {
    throw new ValidationError(
      `calculateGain: activation "${plugin.name}" declares no initGain; pass the initialiser a gain yourself (e.g. glorotUniform({ gain: 1 }))`,
    );
  }
  const gain = plugin.initGain(hyper);
  if (!(Number.isFinite(gain) && gain > 0)) {
    throw new ValidationError(
      `calculateGain: activation "${plugin.name}" gave initGain ${gain}; a gain must be a finite number > 0`,
    );
  }
  return gain;
}
