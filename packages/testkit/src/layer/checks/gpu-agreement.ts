import { ResultBuilder } from '../../result';
import { fmt, within } from '../../tolerance';
import type { CheckResult, Tolerance } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, fillGrads, layerCase, restoreState, snapshotState } from '../inputs';

function compare(r: ResultBuilder, label: string, gpu: Float32Array | undefined, cpu: Float32Array, tol: Tolerance) {
  if (!gpu || gpu.length !== cpu.length) {
    r.fail(`${label}: the gpu run returned ${gpu ? gpu.length : 'no'} values, the CPU ${cpu.length}`);
    return;
  }
  let scale = 0;
  for (const v of cpu) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < cpu.length; i++) {
    r.expect(within(gpu[i], cpu[i], tol, scale * 1e-2), () => `${label}[${i}]: gpu ${fmt(gpu[i])}, CPU ${fmt(cpu[i])}`);
  }
}

/**
 * CPU ≡ gpu: on every gpu.js mode the subject lists, one forward + backward from the same parameters and state gives
 * the CPU's output, input gradient, parameter gradients and state, in training and inference, to float32 tolerance.
 */
export async function checkLayerGpuAgreement(subject: LayerSubject, options: LayerConformanceOptions = {}): Promise<CheckResult> {
  const r = new ResultBuilder('gpu-agreement');
  try {
    const gpu = subject.gpu;
    if (!gpu) throw new Error('the subject has no gpu runner');
    if (gpu.modes.length === 0) throw new Error('the subject lists no gpu.js modes');
    const tol = options.agreementTolerance ?? { rtol: 1e-4, atol: 1e-5 };
    const layer = subject.create(1);
    for (const training of [true, false]) {
      const { x, dy, batch } = layerCase(subject, layer, options, undefined, training ? 3 : 4);
      const state = snapshotState(layer);
      fillGrads(layer);
      const y = Float32Array.from(layer.forward(x, batch, training, CALL_SEED));
      const dx = Float32Array.from(layer.backward(dy));
      const grads = layer.params().map((p) => Float32Array.from(p.grad));
      const stateAfter = snapshotState(layer);
      for (const mode of gpu.modes) {
        restoreState(layer, state);
        const run = await gpu.run(mode, layer, x, batch, dy, training);
        const tag = `${mode} ${training ? 'training' : 'inference'}`;
        compare(r, `${tag} y`, run.y, y, tol);
        compare(r, `${tag} dx`, run.dx, dx, tol);
        layer.params().forEach((p, k) => {
          compare(r, `${tag} d${p.name}`, run.grads[p.name], grads[k], tol);
        });
        layer.state().forEach((s, k) => {
          compare(r, `${tag} state ${s.name}`, run.state[s.name], stateAfter[k], tol);
        });
      }
      restoreState(layer, stateAfter);
    }
  } catch (e) {
    r.fail(`threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return r.done();
}
