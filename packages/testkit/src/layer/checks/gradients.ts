import { type ResultBuilder, guarded } from '../../result';
import { fmt, within } from '../../tolerance';
import type { CheckResult, Tolerance } from '../../types';
import type { LayerConformanceOptions, LayerInstance, LayerSubject } from '../contract';
import { CALL_SEED, fillGrads, layerCase, restoreState, sampleIndices, snapshotState } from '../inputs';

const PREFILL = 0.5;

/**
 * Central difference of the float64 loss `Σ y · dy` as `array[index]` moves by ±h (the step actually taken after
 * float32 rounding is the denominator), at h and h/2, combined by Richardson extrapolation so that a float32 forward
 * can use a step large enough to drown its rounding. `smooth` is false when the two steps disagree, which marks a
 * kink within the step.
 */
function differentiate(loss: () => number, array: Float32Array, index: number): { value: number; smooth: boolean } {
  const keep = array[index];
  const at = (h: number) => {
    array[index] = keep + h;
    const up = array[index];
    const lossUp = loss();
    array[index] = keep - h;
    const down = array[index];
    const lossDown = loss();
    array[index] = keep;
    return (lossUp - lossDown) / (up - down);
  };
  const h = 2 ** -6 * Math.max(1, Math.abs(keep));
  const coarse = at(h);
  const fine = at(h / 2);
  const value = (4 * fine - coarse) / 3;
  return { value, smooth: Math.abs(fine - coarse) <= 1e-2 * Math.max(1, Math.abs(value)) };
}

function compareAll(
  r: ResultBuilder,
  label: string,
  analytic: Float32Array,
  target: Float32Array,
  loss: () => number,
  tol: Tolerance,
  prefill: number,
) {
  let kinks = 0;
  for (const i of sampleIndices(target.length)) {
    const fd = differentiate(loss, target, i);
    const got = analytic[i] - prefill;
    if (within(got, fd.value, tol)) {
      r.expect(true, () => '');
    } else if (!fd.smooth) kinks++;
    else r.expect(false, () => `${label}[${i}]: backward gives ${fmt(got)}, finite differences ${fmt(fd.value)}`);
  }
  if (kinks) r.note(`${label}: ${kinks} entries next to a kink were left out`);
}

function gradientsIn(
  r: ResultBuilder,
  subject: LayerSubject,
  layer: LayerInstance,
  training: boolean,
  options: LayerConformanceOptions,
) {
  const mode = training ? 'training' : 'inference';
  const tol = options.gradientTolerance ?? { rtol: 1e-3, atol: 1e-4 };
  const { x, dy, batch } = layerCase(subject, layer, options, undefined, training ? 1 : 2);
  const state = snapshotState(layer);
  const loss = () => {
    restoreState(layer, state);
    const y = layer.forward(x, batch, training, CALL_SEED);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * dy[i];
    return s;
  };
  restoreState(layer, state);
  layer.forward(x, batch, training, CALL_SEED);
  fillGrads(layer, PREFILL);
  const dx = Float32Array.from(layer.backward(dy));
  const grads = layer.params().map((p) => Float32Array.from(p.grad));
  compareAll(r, `${mode} dx`, dx, x, loss, tol, 0);
  layer.params().forEach((p, k) => {
    compareAll(r, `${mode} d${p.name}`, grads[k], p.value, loss, tol, PREFILL);
  });
  restoreState(layer, state);
}

/**
 * Backward equals central finite differences of the layer's own forward, for the input and every parameter entry
 * (up to 48 per array), in training and in inference mode. The loss `Σ y · dy` is accumulated in float64 and
 * differentiated by Richardson extrapolation; parameter gradients are prefilled so a backward that overwrites them
 * instead of adding fails. Entries whose finite differences show a kink are left out and noted.
 */
export function checkLayerGradients(subject: LayerSubject, options: LayerConformanceOptions = {}): CheckResult {
  return guarded('gradients', (r) => {
    const layer = subject.create(1);
    gradientsIn(r, subject, layer, true, options);
    gradientsIn(r, subject, layer, false, options);
  });
}
