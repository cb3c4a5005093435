import { type OnnxNode, type OnnxValue, onnxModel } from '../onnx/model';
import type { BenchActivation } from '../plugins';
import { MLP_SIZES, type MlpWeights, PRELU_INIT } from './weights';

/** The benchmark MLP's forward pass as an ONNX graph: (MatMul, Add, activation) × 2, MatMul, Add; weights inlined. */
export function mlpOnnx(act: BenchActivation, weights: MlpWeights): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxValue[] = [];
  let h = 'x';
  for (let l = 0; l < weights.kernels.length; l++) {
    initializers.push({ name: `W${l}`, shape: [MLP_SIZES[l], MLP_SIZES[l + 1]], data: weights.kernels[l] });
    initializers.push({ name: `b${l}`, shape: [MLP_SIZES[l + 1]], data: weights.biases[l] });
    nodes.push({ op: 'MatMul', inputs: [h, `W${l}`], outputs: [`mm${l}`] });
    const out = l === weights.kernels.length - 1 ? 'logits' : `z${l}`;
    nodes.push({ op: 'Add', inputs: [`mm${l}`, `b${l}`], outputs: [out] });
    if (l < weights.kernels.length - 1) {
      const inputs = [out];
      if (act.onnx.op === 'PRelu') {
        initializers.push({ name: `a${l}`, shape: [1], data: new Float32Array([PRELU_INIT]) });
        inputs.push(`a${l}`);
      }
      const floats = act.onnx.alpha !== undefined ? { alpha: act.onnx.alpha } : undefined;
      nodes.push({ op: act.onnx.op, inputs, outputs: [`h${l}`], floats });
      h = `h${l}`;
    }
  }
  return onnxModel({
    nodes,
    initializers,
    inputs: [{ name: 'x', shape: [-1, MLP_SIZES[0]] }],
    outputs: [{ name: 'logits', shape: [-1, MLP_SIZES[MLP_SIZES.length - 1]] }],
  });
}
