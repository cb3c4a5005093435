import { guarded } from '../../result';
import { sameBits } from '../../tolerance';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, layerCase } from '../inputs';

/** Forward and backward, in training and inference, leave `x`, `dy` and the parameter values bit-identical. */
export function checkLayerInputsUntouched(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  return guarded('input-mutation', (r) => {
    const layer = subject.create(1);
    const { x, dy, batch } = layerCase(subject, layer, options);
    const x0 = Float32Array.from(x);
    const dy0 = Float32Array.from(dy);
    const params0 = layer.params().map((p) => Float32Array.from(p.value));
    for (const training of [true, false]) {
      const mode = training ? 'training' : 'inference';
      layer.forward(x, batch, training, CALL_SEED);
      r.expect(sameBits(x, x0), () => `${mode} forward modified its input x`);
      layer.backward(dy);
      r.expect(sameBits(x, x0), () => `${mode} backward modified the forward's input x`);
      r.expect(sameBits(dy, dy0), () => `${mode} backward modified its input dy`);
      layer.params().forEach((p, k) => {
        r.expect(sameBits(p.value, params0[k]), () => `${mode} forward/backward modified parameter ${p.name}`);
      });
    }
  });
}
