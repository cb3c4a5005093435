import type { Sequential } from '@rectify/core';

/** The part of `onnxruntime-node` the runner uses, passed in so the testkit depends on neither package. */
export interface OnnxRuntimeModule {
  /** `ort.InferenceSession`. */
  readonly InferenceSession: {
    create(model: Uint8Array): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { readonly data: unknown }>>;
      release(): Promise<void>;
    }>;
  };
  /** `ort.Tensor`. */
  readonly Tensor: new (
    type: 'float32',
    data: Float32Array,
    dims: readonly number[],
  ) => unknown;
}

/** What `@rectify/onnx` gives the runner: `exportOnnx` and the graph's input and output names. */
export interface OnnxExporter {
  /** `exportOnnx` from `@rectify/onnx`. */
  exportOnnx(model: Sequential): Uint8Array;
  /** `ONNX_INPUT_NAME`. */
  readonly ONNX_INPUT_NAME: string;
  /** `ONNX_OUTPUT_NAME`. */
  readonly ONNX_OUTPUT_NAME: string;
}

/**
 * The `onnx` option of {@link layerSubject}: exports the one-layer model and runs it in onnxruntime.
 *
 * @example
 * import * as ort from 'onnxruntime-node';
 * import * as rectifyOnnx from '@rectify/onnx';
 * layerSubject(() => batchNorm(), [4], { onnx: onnxruntimeRunner(rectifyOnnx, ort) });
 */
export function onnxruntimeRunner(exporter: OnnxExporter, ort: OnnxRuntimeModule) {
  return async (model: Sequential, x: Float32Array, batch: number): Promise<Float32Array> => {
    const session = await ort.InferenceSession.create(exporter.exportOnnx(model));
    try {
      const input = new ort.Tensor('float32', Float32Array.from(x), [batch, ...model.inputShape]);
      const out = await session.run({ [exporter.ONNX_INPUT_NAME]: input });
      return Float32Array.from(out[exporter.ONNX_OUTPUT_NAME].data as ArrayLike<number>);
    } finally {
      await session.release();
    }
  };
}
