import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';

/** onnxruntime-node and its version. */
export const onnxruntime = ort;

/** The installed onnxruntime-node version. */
export function ortVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('onnxruntime-node/package.json') as { version: string }).version;
}

/** Creates a CPU inference session from model bytes. */
export async function ortSession(model: Uint8Array): Promise<ort.InferenceSession> {
  // As many intra-op threads as our CPU backend uses by default (every core): the issue compares at equal threads.
  return ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: availableParallelism(),
  });
}

/** A float32 ORT tensor over `data` (no copy). */
export function ortTensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims as number[]);
}
