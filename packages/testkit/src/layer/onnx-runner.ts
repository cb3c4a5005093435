import type { Sequential } from '@rectify/core';

/** An onnxruntime output: its values in `data`. */
export interface OnnxRuntimeOutput {
  /** The output's values. */
  readonly data: unknown;
}

/** The part of an onnxruntime `InferenceSession` the runner uses. */
export interface OnnxRuntimeSession {
  /** Runs the model on named inputs. */
  run(feeds: Record<string, unknown>): Promise<Record<string, OnnxRuntimeOutput>>;
  /** Frees the session. */
  release(): Promise<void>;
}

/** `ort.InferenceSession`'s static side. */
export interface OnnxRuntimeSessionFactory {
  /** Loads a model from its bytes. */
  create(model: Uint8Array): Promise<OnnxRuntimeSession>;
}

/** The part of `onnxruntime-node` the runner uses, passed in so the testkit depends on neither package. */
export interface OnnxRuntimeModule {
  /** `ort.InferenceSession`. */
  readonly InferenceSession: OnnxRuntimeSessionFactory;
  /** `ort.Tensor`, constructed as `new Tensor('float32', data, dims)`. */
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
      const Tensor = ort.Tensor as unknown as new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
      const input = new Tensor('float32', Float32Array.from(x), [batch, ...model.inputShape]);
      const out = await session.run({ [exporter.ONNX_INPUT_NAME]: input });
      return Float32Array.from(out[exporter.ONNX_OUTPUT_NAME].data as ArrayLike<number>);
    } finally {
      await session.release();
    }
  };
}
