// Exports a one-layer model with @rectify/onnx and runs it in onnxruntime-node (both dev dependencies).
import type { Sequential } from '@rectify/core';
import { exportOnnx, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from '@rectify/onnx';
import * as ort from 'onnxruntime-node';

/** The model's inference output in onnxruntime for `x` `[batch, ...inputShape]`. */
export async function onnxRunner(model: Sequential, x: Float32Array, batch: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(exportOnnx(model));
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x), [batch, ...model.inputShape]);
    const out = await session.run({ [ONNX_INPUT_NAME]: input });
    return Float32Array.from(out[ONNX_OUTPUT_NAME].data as Float32Array);
  } finally {
    await session.release();
  }
}
