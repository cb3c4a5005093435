import { guarded } from '../../result';
import { sameBits } from '../../tolerance';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, layerCase, sizeOf } from '../inputs';

function uniqueNames(names: readonly string[]): string | undefined {
  return names.find((n, i) => names.indexOf(n) !== i);
}

/**
 * The built layer is well formed: a positive integer output shape; uniquely named parameters whose value and grad
 * have equal lengths and finite values; uniquely named finite state; the same seed gives the same parameters; forward
 * and backward return arrays of the output and input sizes; a layer that does not declare `trainingDiffers` gives
 * the same outputs in both modes.
 */
export function checkLayerContract(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  return guarded('contract', (r) => {
    const layer = subject.create(1);
    const shape = layer.outputShape;
    r.expect(
      shape.length > 0 && shape.every((d) => Number.isInteger(d) && d > 0),
      () => `outputShape [${shape}] must be positive integers`,
    );
    const params = layer.params();
    const dupParam = uniqueNames(params.map((p) => p.name));
    r.expect(dupParam === undefined, () => `parameter name ${dupParam} is used twice`);
    for (const p of params) {
      r.expect(p.value.length === p.grad.length, () => `parameter ${p.name}: value and grad lengths differ`);
      r.expect(p.value.length > 0, () => `parameter ${p.name} is empty`);
      r.expect(p.value.every(Number.isFinite), () => `parameter ${p.name} is not finite after build`);
    }
    const state = layer.state();
    const dupState = uniqueNames([...params.map((p) => p.name), ...state.map((s) => s.name)]);
    r.expect(dupState === undefined, () => `name ${dupState} is used twice among parameters and state`);
    for (const s of state) r.expect(s.value.every(Number.isFinite), () => `state ${s.name} is not finite after build`);
    const again = subject.create(1).params();
    params.forEach((p, k) => {
      r.expect(
        again[k] !== undefined && sameBits(p.value, again[k].value),
        () => `parameter ${p.name} differs between two builds with the same seed`,
      );
    });
    const { x, dy, batch } = layerCase(subject, layer, options);
    if (subject.trainingDiffers === false) {
      const inTraining = Float32Array.from(layer.forward(x, batch, true, CALL_SEED));
      const inInference = layer.forward(x, batch, false, CALL_SEED);
      r.expect(
        sameBits(inTraining, inInference),
        () => 'training and inference outputs differ, but the plugin does not declare trainingDiffers',
      );
    }
    for (const training of [true, false]) {
      const y = layer.forward(x, batch, training, CALL_SEED);
      r.expect(
        y.length === batch * sizeOf(shape),
        () => `forward returned ${y.length} values; [${batch}, ${shape}] has ${batch * sizeOf(shape)}`,
      );
      const dx = layer.backward(dy);
      r.expect(dx.length === x.length, () => `backward returned ${dx.length} values; the input has ${x.length}`);
    }
  });
}
