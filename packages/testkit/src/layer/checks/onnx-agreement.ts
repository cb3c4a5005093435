import { ResultBuilder } from '../../result';
import { fmt, within } from '../../tolerance';
import type { CheckResult } from '../../types';
import type { LayerConformanceOptions, LayerSubject } from '../contract';
import { CALL_SEED, fillGrads, layerCase } from '../inputs';

/**
 * Where the subject declares an ONNX runner: after a training step (so state is not at its initial values), the
 * exported layer run in onnxruntime gives the CPU's inference output to float32 tolerance. Without onnxruntime-node
 * the runner returns undefined and the check fails, saying so (install it, or leave `onnx` out).
 */
export async function checkLayerOnnxAgreement(
  subject: LayerSubject,
  options: LayerConformanceOptions = {},
): Promise<CheckResult> {
  const r = new ResultBuilder('onnx-agreement');
  try {
    if (!subject.onnx) throw new Error('the subject has no onnx runner');
    const tol = options.agreementTolerance ?? { rtol: 1e-4, atol: 1e-5 };
    const layer = subject.create(1);
    const { x, dy, batch } = layerCase(subject, layer, options, undefined, 5);
    fillGrads(layer);
    layer.forward(x, batch, true, CALL_SEED);
    layer.backward(dy);
    const y = Float32Array.from(layer.forward(x, batch, false, CALL_SEED));
    const got = await subject.onnx(layer, x, batch);
    if (!got) r.fail('onnxruntime-node is not installed: install it to compare the export, or pass no onnx runner');
    else if (got.length !== y.length) r.fail(`onnxruntime returned ${got.length} values, the CPU ${y.length}`);
    else {
      for (let i = 0; i < y.length; i++) {
        r.expect(within(got[i], y[i], tol), () => `y[${i}]: onnxruntime ${fmt(got[i])}, CPU ${fmt(y[i])}`);
      }
    }
  } catch (e) {
    r.fail(`threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  return r.done();
}
