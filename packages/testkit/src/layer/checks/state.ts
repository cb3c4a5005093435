import { guarded } from '../../result';
import { sameBits } from '../../tolerance';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, layerCase } from '../inputs';

/**
 * State changes only in training: an inference forward and any backward leave every state buffer bit-identical, and
 * a training forward moves at least one state value (otherwise it is not state). Trivially true for stateless layers.
 */
export function checkLayerState(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  return guarded('state', (r) => {
    const layer = subject.create(1);
    const { x, dy, batch } = layerCase(subject, layer, options);
    const copy = () => layer.state().map((s) => Float32Array.from(s.value));
    const unchanged = (before: Float32Array[], what: string) =>
      layer.state().forEach((s, k) => {
        r.expect(sameBits(s.value, before[k]), () => `${what} changed state ${s.name}`);
      });
    if (layer.state().length === 0) {
      r.note('the layer has no state');
      r.expect(true, () => '');
    }
    let before = copy();
    layer.forward(x, batch, false, CALL_SEED);
    unchanged(before, 'an inference forward');
    layer.backward(dy);
    unchanged(before, 'an inference backward');
    before = copy();
    layer.forward(x, batch, true, CALL_SEED);
    const moved = layer.state().some((s, k) => !sameBits(s.value, before[k]));
    if (before.length) r.expect(moved, () => 'a training forward left every state buffer unchanged');
    const after = copy();
    layer.backward(dy);
    unchanged(after, 'a training backward');
  });
}
