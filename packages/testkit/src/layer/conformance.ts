import type { ConformanceCheck } from '../conformance';
import { checkLayerNoAllocation } from './checks/allocation';
import { checkLayerContract } from './checks/contract';
import { checkLayerGpuAgreement } from './checks/gpu-agreement';
import { checkLayerGradients } from './checks/gradients';
import { checkLayerInputsUntouched } from './checks/hygiene';
import { checkLayerOnnxAgreement } from './checks/onnx-agreement';
import { checkLayerSerialization } from './checks/serialization';
import { checkLayerState } from './checks/state';
import type { CheckResult } from '../types';
import type { LayerConformanceOptions, LayerInstance, LayerSubject } from './contract';
import { CALL_SEED, layerCase } from './inputs';

/** Runs `check` on an instance after one training step, so that parameters and state are not at their init. */
function checkLayerOnnxImportAfterTraining(
  subject: LayerSubject,
  check: (instance: LayerInstance) => CheckResult,
  options: LayerConformanceOptions,
): CheckResult {
  const layer = subject.create(1);
  const { x, dy, batch } = layerCase(subject, layer, options, undefined, 6);
  layer.forward(x, batch, true, CALL_SEED);
  layer.backward(dy);
  for (const p of layer.params()) for (let i = 0; i < p.value.length; i++) p.value[i] -= 0.1 * p.grad[i];
  return check(layer);
}

/**
 * The layer checks for `subject`, in order: input mutation and allocation first (a layer that breaks them makes
 * every later failure suspect), then contract, gradients, state, serialisation, and, when the subject provides the
 * runners, gpu agreement and onnxruntime agreement.
 */
export function layerConformanceChecks(subject: LayerSubject, options: LayerConformanceOptions = {}): ConformanceCheck[] {
  const checks: ConformanceCheck[] = [
    {
      id: 'input-mutation',
      title: 'never modifies its input, upstream gradient or parameters',
      run: () => checkLayerInputsUntouched(subject, options),
    },
    { id: 'allocation', title: 'does not allocate per call', run: () => checkLayerNoAllocation(subject, options) },
    { id: 'contract', title: 'is a well-formed layer', run: () => checkLayerContract(subject, options) },
    {
      id: 'gradients',
      title: 'backward matches finite differences (input and every parameter, training and inference)',
      run: () => checkLayerGradients(subject, options),
    },
    { id: 'state', title: 'updates its state only in training', run: () => checkLayerState(subject, options) },
    {
      id: 'serialization',
      title: 'survives a JSON round trip with its parameters and state',
      run: () => checkLayerSerialization(subject, options),
    },
  ];
  if (subject.gpu) {
    checks.push({
      id: 'gpu-agreement',
      title: `CPU ≡ gpu on ${subject.gpu.modes.join(', ')}`,
      run: () => checkLayerGpuAgreement(subject, options),
    });
  }
  if (subject.onnx) {
    checks.push({
      id: 'onnx-agreement',
      title: 'the ONNX export gives the same outputs in onnxruntime',
      run: () => checkLayerOnnxAgreement(subject, options),
    });
  }
  const onnxImport = subject.onnxImport;
  if (onnxImport) {
    checks.push({
      id: 'onnx-import',
      title: 'its ONNX import hook recognises what its export wrote',
      run: () => checkLayerOnnxImportAfterTraining(subject, onnxImport, options),
    });
  }
  return checks;
}
