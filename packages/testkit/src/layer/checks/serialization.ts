import { guarded } from '../../result';
import { sameBits } from '../../tolerance';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, layerCase } from '../inputs';

/**
 * After two training steps (parameters moved by their gradients, state updated), the layer survives
 * `JSON.parse(JSON.stringify(serialize()))` and `restore`: equal parameters and state bit for bit, and the same
 * outputs in inference and in training.
 */
export function checkLayerSerialization(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  return guarded('serialization', (r) => {
    const layer = subject.create(1);
    const { x, dy, batch } = layerCase(subject, layer, options);
    for (let step = 0; step < 2; step++) {
      for (const p of layer.params()) p.grad.fill(0);
      layer.forward(x, batch, true, CALL_SEED + step);
      layer.backward(dy);
      for (const p of layer.params()) for (let i = 0; i < p.value.length; i++) p.value[i] -= 0.1 * p.grad[i];
    }
    const copy = subject.restore(JSON.parse(JSON.stringify(layer.serialize())));
    const names = (l: typeof layer) => [...l.params().map((p) => p.name), ...l.state().map((s) => s.name)];
    r.expect(names(copy).join() === names(layer).join(), () => `restored names [${names(copy)}] ≠ [${names(layer)}]`);
    const restored = [...copy.params().map((p) => p.value), ...copy.state().map((s) => s.value)];
    [...layer.params().map((p) => p.value), ...layer.state().map((s) => s.value)].forEach((v, k) => {
      r.expect(restored[k] !== undefined && sameBits(restored[k], v), () => `${names(layer)[k]} differs after the round trip`);
    });
    for (const training of [false, true]) {
      const a = Float32Array.from(layer.forward(x, batch, training, CALL_SEED));
      const b = copy.forward(x, batch, training, CALL_SEED);
      r.expect(sameBits(a, b), () => `the restored layer's ${training ? 'training' : 'inference'} output differs`);
    }
  });
}
