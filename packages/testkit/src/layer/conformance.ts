import type { ConformanceCheck } from '../conformance';
import { checkLayerNoAllocation } from './checks/allocation';
import { checkLayerContract } from './checks/contract';
import { checkLayerGpuAgreement } from './checks/gpu-agreement';
import { checkLayerGradients } from './checks/gradients';
import { checkLayerInputsUntouched } from './checks/hygiene';
import { checkLayerOnnxAgreement } from './checks/onnx-agreement';
import { checkLayerSerialization } from './checks/serialization';
import { checkLayerState } from './checks/state';
import type { LayerConformanceOptions, LayerSubject } from './contract';

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
  return checks;
}
